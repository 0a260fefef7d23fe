package io.flotilla.routing.sql;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** Replaces nondeterministic calls with the literals the leader produced, so followers replay identical values. */
public final class Rewriter {

    /** How {@code SYSDATE()} is made deterministic. */
    public enum Sysdate {
        /** A timestamp literal of the leader's value. */
        LITERAL,
        /**
         * {@code NOW(fsp)}: the same on leader and followers when the statement runs under a pinned
         * {@code SET TIMESTAMP}, and it respects the session's time_zone (the log writer's choice).
         */
        PINNED_NOW
    }

    private Rewriter() {}

    /** Returns {@code info.sql()} with every rewrite replaced by a literal from {@code values}. */
    public static String apply(StatementInfo info, NondeterministicValues values) {
        return apply(info, values, Sysdate.LITERAL);
    }

    /** Returns {@code info.sql()} with every rewrite replaced, SYSDATE() as {@code sysdate} says. */
    public static String apply(StatementInfo info, NondeterministicValues values, Sysdate sysdate) {
        Objects.requireNonNull(values, "values");
        String sql = info.sql();
        if (info.rewrites().isEmpty()) {
            return sql;
        }
        List<Rewrite> ordered = new ArrayList<>(info.rewrites());
        ordered.sort(Comparator.comparingInt(Rewrite::start));
        StringBuilder out = new StringBuilder(sql.length() + 32 * ordered.size());
        int copied = 0;
        for (Rewrite r : ordered) {
            if (r.start() < copied || r.end() > sql.length()) {
                throw new IllegalArgumentException("rewrite " + r + " overlaps or exceeds the statement");
            }
            out.append(sql, copied, r.start()).append(literal(r, values, sysdate));
            copied = r.end();
        }
        return out.append(sql, copied, sql.length()).toString();
    }

    private static String literal(Rewrite r, NondeterministicValues values, Sysdate sysdate) {
        if (r.kind() == RewriteKind.SYSDATE && sysdate == Sysdate.PINNED_NOW) {
            return "NOW(" + r.fsp() + ")";
        }
        return switch (r.kind()) {
            case UUID -> quote(values.uuid());
            case UUID_SHORT -> Long.toUnsignedString(values.uuidShort());
            case LAST_INSERT_ID -> Long.toUnsignedString(values.lastInsertId());
            case SYSDATE -> "TIMESTAMP'" + timestamp(values.sysdate(), r.fsp()) + "'";
        };
    }

    private static String quote(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    /** Formats like MySQL: truncated (not rounded) to {@code fsp} fractional digits, as SYSDATE(fsp) does. */
    static String timestamp(LocalDateTime t, int fsp) {
        String base = String.format("%04d-%02d-%02d %02d:%02d:%02d",
                t.getYear(), t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond());
        if (fsp == 0) {
            return base;
        }
        String micros = String.format("%06d", t.getNano() / 1000);
        return base + "." + micros.substring(0, fsp);
    }
}
