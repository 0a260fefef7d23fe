package io.flotilla.replicator.log;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * The multi-statement batches that carry an application write to the leader together with its log context; a batch's
 * text depends only on the statement and its shape, so each one is prepared once per session and cached.
 */
final class WriteBatch {

    /** The log insert saves LAST_INSERT_ID() first; DO puts it back, so the application never sees an LSN there. */
    private static final String LOG_INSERT = "INSERT INTO flotilla.log (epoch, created_us, last_iid, entry)"
            + " VALUES (?, ?, @flotilla_iid := LAST_INSERT_ID(), ?);\nDO LAST_INSERT_ID(@flotilla_iid);\n";
    private static final int SHAPE_AUTOCOMMIT = 0;
    private static final int SHAPE_AUTOCOMMIT_RAND = 1;
    private static final int SHAPE_TX = 2;
    private static final int SHAPE_TX_RAND = 3;
    private static final int SHAPE_COMMIT = 4;

    /** The COMMIT of an explicit transaction: its buffered statements' entry, then COMMIT. */
    static final StatementCache.Key COMMIT = new StatementCache.Key("", SHAPE_COMMIT);

    private WriteBatch() {
    }

    /**
     * The key of the batch around an application statement: an autocommit write also logs its entry and commits in
     * the same round trip; a write using RAND() also pins the random seeds the followers will replay.
     */
    static StatementCache.Key key(String sql, boolean autocommit, boolean rand) {
        int shape = autocommit ? (rand ? SHAPE_AUTOCOMMIT_RAND : SHAPE_AUTOCOMMIT) : (rand ? SHAPE_TX_RAND : SHAPE_TX);
        return new StatementCache.Key(sql, shape);
    }

    /** The text of the batch a key stands for. */
    static String text(StatementCache.Key key) {
        if (key.shape() == SHAPE_COMMIT) {
            return LOG_INSERT + "COMMIT";
        }
        boolean rand = key.shape() == SHAPE_AUTOCOMMIT_RAND || key.shape() == SHAPE_TX_RAND;
        StringBuilder b = new StringBuilder(key.sql().length() + 200);
        b.append(rand ? "SET TIMESTAMP=?, rand_seed1=?, rand_seed2=?" : "SET TIMESTAMP=?").append(";\n");
        // The newline ends a trailing "-- comment" in the application's text before our next statement.
        b.append(stripSemicolon(key.sql())).append("\n;");
        if (key.shape() == SHAPE_AUTOCOMMIT || key.shape() == SHAPE_AUTOCOMMIT_RAND) {
            b.append(LOG_INSERT).append("COMMIT");
        }
        return b.toString();
    }

    /** Binds the timestamp (and seeds, when {@code seed1 >= 0}); returns how many parameters that took. */
    static int bindContext(PreparedStatement ps, long ts, long seed1, long seed2) throws SQLException {
        ps.setBigDecimal(1, BigDecimal.valueOf(ts, 6));
        if (seed1 < 0) {
            return 1;
        }
        ps.setLong(2, seed1);
        ps.setLong(3, seed2);
        return 3;
    }

    /** The statement without trailing semicolons, so more statements can follow it in one batch. */
    static String stripSemicolon(String sql) {
        String s = sql.strip();
        while (s.endsWith(";")) {
            s = s.substring(0, s.length() - 1).strip();
        }
        return s;
    }

    /** Binds the application's parameters after {@code offset} others; returns the last index bound. */
    static int bind(PreparedStatement ps, List<Object> params, int offset) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            Object p = params.get(i);
            ps.setObject(offset + i + 1, p instanceof LoggedStatement.NullValue ? null : p);
        }
        return offset + params.size();
    }
}
