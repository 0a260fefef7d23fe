package io.flotilla.replicator.log;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary form of a log entry's statements: compact (varints, no JSON) so the log row stays small.
 *
 * <p>Layout: {@code version:u8, count:varint, statement*}. A statement is {@code flags:u8, timestamp:varlong,
 * [insertId:varlong], [seed1:varlong seed2:varlong], [schema:str], [sqlMode:str timeZone:str collation:str],
 * sql:str, paramCount:varint, param*}. A param is a type tag and its value.
 */
public final class EntryCodec {

    static final int VERSION = 1;
    private static final int F_IID = 1;
    private static final int F_RAND = 2;
    private static final int F_SCHEMA = 4;
    private static final int F_SESSION = 8;
    private static final int F_DDL = 16;

    private static final int T_NULL = 0;
    private static final int T_LONG = 1;
    private static final int T_DOUBLE = 2;
    private static final int T_DECIMAL = 3;
    private static final int T_STRING = 4;
    private static final int T_BYTES = 5;
    private static final int T_BOOLEAN = 6;

    private EntryCodec() {
    }

    /** Encodes the statements of one entry. */
    public static byte[] encode(List<LoggedStatement> statements) {
        Out out = new Out();
        out.write(VERSION);
        out.varlong(statements.size());
        for (LoggedStatement s : statements) {
            int flags = (s.insertId() != 0 ? F_IID : 0) | (s.hasRandSeeds() ? F_RAND : 0)
                    | (s.schema() != null ? F_SCHEMA : 0) | (s.session() != null ? F_SESSION : 0) | (s.ddl() ? F_DDL : 0);
            out.write(flags);
            out.varlong(s.timestampMicros());
            if (s.insertId() != 0) {
                out.varlong(s.insertId());
            }
            if (s.hasRandSeeds()) {
                out.varlong(s.randSeed1());
                out.varlong(s.randSeed2());
            }
            if (s.schema() != null) {
                out.str(s.schema());
            }
            if (s.session() != null) {
                out.str(s.session().sqlMode());
                out.str(s.session().timeZone());
                out.str(s.session().collation());
            }
            out.str(s.sql());
            out.varlong(s.params().size());
            for (int i = 0; i < s.params().size(); i++) {
                param(out, s.param(i));
            }
        }
        return out.toByteArray();
    }

    private static void param(Out out, Object v) {
        if (v == null) {
            out.write(T_NULL);
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            out.write(T_LONG);
            out.zigzag(((Number) v).longValue());
        } else if (v instanceof Double || v instanceof Float) {
            out.write(T_DOUBLE);
            long bits = Double.doubleToRawLongBits(((Number) v).doubleValue());
            for (int i = 7; i >= 0; i--) {
                out.write((int) (bits >>> (8 * i)));
            }
        } else if (v instanceof BigDecimal d) {
            out.write(T_DECIMAL);
            out.str(d.toPlainString());
        } else if (v instanceof byte[] b) {
            out.write(T_BYTES);
            out.varlong(b.length);
            out.writeBytes(b);
        } else if (v instanceof Boolean b) {
            out.write(T_BOOLEAN);
            out.write(b ? 1 : 0);
        } else {
            // Dates, times and other objects travel as their SQL text form, which MariaDB converts back.
            out.write(T_STRING);
            out.str(v.toString());
        }
    }

    /** Decodes what {@link #encode} wrote; {@code lastInsertId} fills a single statement's insert id kept in its own column. */
    public static List<LoggedStatement> decode(byte[] bytes) {
        In in = new In(bytes);
        int version = in.read();
        if (version != VERSION) {
            throw new IllegalArgumentException("unknown log entry format version " + version);
        }
        int n = (int) in.varlong();
        List<LoggedStatement> out = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            int flags = in.read();
            long ts = in.varlong();
            long iid = (flags & F_IID) != 0 ? in.varlong() : 0;
            long s1 = -1;
            long s2 = -1;
            if ((flags & F_RAND) != 0) {
                s1 = in.varlong();
                s2 = in.varlong();
            }
            String schema = (flags & F_SCHEMA) != 0 ? in.str() : null;
            SessionSettings session = (flags & F_SESSION) != 0 ? new SessionSettings(in.str(), in.str(), in.str()) : null;
            String sql = in.str();
            int pc = (int) in.varlong();
            List<Object> params = new ArrayList<>(pc);
            for (int i = 0; i < pc; i++) {
                params.add(readParam(in));
            }
            out.add(new LoggedStatement(sql, params, schema, ts, iid, s1, s2, session, (flags & F_DDL) != 0));
        }
        return out;
    }

    private static Object readParam(In in) {
        int tag = in.read();
        return switch (tag) {
            case T_NULL -> null;
            case T_LONG -> in.zigzag();
            case T_DOUBLE -> {
                long bits = 0;
                for (int i = 0; i < 8; i++) {
                    bits = (bits << 8) | in.read();
                }
                yield Double.longBitsToDouble(bits);
            }
            case T_DECIMAL -> new BigDecimal(in.str());
            case T_STRING -> in.str();
            case T_BYTES -> in.bytes((int) in.varlong());
            case T_BOOLEAN -> in.read() != 0;
            default -> throw new IllegalArgumentException("unknown parameter type tag " + tag);
        };
    }

    /** A growable byte buffer with varint helpers. */
    private static final class Out extends ByteArrayOutputStream {
        Out() {
            super(128);
        }

        void varlong(long v) {
            while ((v & ~0x7FL) != 0) {
                write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            write((int) v);
        }

        void zigzag(long v) {
            varlong((v << 1) ^ (v >> 63));
        }

        void str(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            varlong(b.length);
            writeBytes(b);
        }
    }

    /** A cursor over encoded bytes. */
    private static final class In {
        private final byte[] b;
        private int pos;

        In(byte[] b) {
            this.b = b;
        }

        int read() {
            if (pos >= b.length) {
                throw new IllegalArgumentException("truncated log entry at byte " + pos);
            }
            return b[pos++] & 0xFF;
        }

        long varlong() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int x = read();
                v |= (long) (x & 0x7F) << shift;
                if ((x & 0x80) == 0) {
                    return v;
                }
            }
            throw new IllegalArgumentException("malformed varint at byte " + pos);
        }

        long zigzag() {
            long v = varlong();
            return (v >>> 1) ^ -(v & 1);
        }

        byte[] bytes(int n) {
            if (n < 0 || pos + n > b.length) {
                throw new IllegalArgumentException("truncated log entry at byte " + pos);
            }
            byte[] out = java.util.Arrays.copyOfRange(b, pos, pos + n);
            pos += n;
            return out;
        }

        String str() {
            return new String(bytes((int) varlong()), StandardCharsets.UTF_8);
        }
    }
}
