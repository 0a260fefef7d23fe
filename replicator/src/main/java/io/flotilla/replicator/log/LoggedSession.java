package io.flotilla.replicator.log;

import io.flotilla.replicator.config.ClusterConfig.UnsafePolicy;
import io.flotilla.routing.sql.NondeterministicValues;
import io.flotilla.routing.sql.Rewrite;
import io.flotilla.routing.sql.StatementInfo;
import io.flotilla.routing.sql.StatementKind;
import io.flotilla.routing.sql.Unsafe;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One application session on the leader whose writes are recorded in the binlog inside the same transaction.
 *
 * <p>The leader connection runs with autocommit off for good, so an autocommit write is one multi-statement
 * round trip: {@code SET TIMESTAMP=?, @gate=(…); stmt; INSERT INTO flotilla.log …; SELECT LAST_INSERT_ID()…; COMMIT}.
 * Explicit transactions buffer their statements and write one entry at COMMIT.
 */
public final class LoggedSession implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LoggedSession.class);

    private final LogWriter writer;
    private final Connection conn;
    private final List<LoggedStatement> pending = new ArrayList<>();
    private final Map<String, Integer> savepoints = new LinkedHashMap<>();
    private boolean autocommit = true;
    private boolean inTransaction;
    private boolean readOnlyTransaction;
    private boolean gateHeld;
    private boolean timestampPinned;
    private String schema;
    private SessionSettings settings;
    private long lastInsertId;
    private long lastLsn;

    /** Wraps a leader connection (Connector/J with allowMultiQueries=true); the session owns it from now on. */
    public LoggedSession(LogWriter writer, Connection conn) throws SQLException {
        this.writer = writer;
        this.conn = conn;
        conn.setAutoCommit(false);
        this.schema = conn.getCatalog();
        refreshSettings();
    }

    /** The leader connection, for reads; call {@link #beforeRead(StatementInfo)} first. */
    public Connection connection() {
        return conn;
    }

    /** The LSN of this session's last committed entry (its read-your-writes position). */
    public long lastLsn() {
        return lastLsn;
    }

    public boolean inTransaction() {
        return inTransaction;
    }

    /** Switches the application-level autocommit; turning it on commits an open transaction, as MySQL does. */
    public void setAutoCommit(boolean on) throws SQLException {
        if (on && inTransaction) {
            commit();
        }
        autocommit = on;
    }

    public boolean autoCommit() {
        return autocommit;
    }

    /** Prepares the leader session for a read: un-pins the timestamp when the read looks at the clock. */
    public void beforeRead(StatementInfo info) throws SQLException {
        if (timestampPinned && info.usesTime()) {
            try (Statement st = conn.createStatement()) {
                st.execute("SET TIMESTAMP=DEFAULT");
            }
            timestampPinned = false;
        }
        if (!autocommit && !inTransaction) {
            beginImplicit(false);
        }
    }

    /** Executes any statement the application sends on the leader; writes are logged, the rest pass through. */
    public WriteResult execute(String sql, List<Object> params) throws SQLException {
        StatementInfo info = writer.analyzer().analyze(sql);
        StatementKind kind = info.kind();
        switch (kind) {
            case BEGIN -> {
                begin(info.txStart() != null && info.txStart().readOnly(), sql);
                return new WriteResult(0, lastInsertId, 0);
            }
            case COMMIT -> {
                commit();
                return new WriteResult(0, lastInsertId, lastLsn);
            }
            case ROLLBACK -> {
                rollback();
                return new WriteResult(0, lastInsertId, 0);
            }
            case SAVEPOINT, ROLLBACK_TO_SAVEPOINT, RELEASE_SAVEPOINT -> {
                savepoint(kind, sql);
                return new WriteResult(0, lastInsertId, 0);
            }
            default -> {
                // handled below
            }
        }
        checkUnsafe(info);
        if (info.write() && info.implicitCommit()) {
            return ddl(info, params);
        }
        if (info.write()) {
            return write(info, params);
        }
        if (info.implicitCommit() && inTransaction && info.kind() != StatementKind.SET) {
            commit();
        }
        return passThrough(info, params);
    }

    private void checkUnsafe(StatementInfo info) throws SQLException {
        for (Unsafe u : info.unsafe()) {
            if (writer.unsafePolicy() == UnsafePolicy.REJECT) {
                throw new UnsafeStatementException(u.message());
            }
            LOG.warn("logging a statement unsafe for statement-based replication ({}): {}", u.message(), info.sql());
        }
    }

    private static final java.util.regex.Pattern AUTOCOMMIT = java.util.regex.Pattern.compile(
            "(?is)^\\s*SET\\s+(?:SESSION\\s+|@@(?:SESSION\\.)?)?autocommit\\s*=\\s*(0|1|ON|OFF|TRUE|FALSE)\\s*;?\\s*$");

    private WriteResult passThrough(StatementInfo info, List<Object> params) throws SQLException {
        if (info.kind() == StatementKind.SET) {
            var m = AUTOCOMMIT.matcher(info.sql());
            if (m.matches()) {
                // The leader backend keeps autocommit off for good (log and data must share a transaction);
                // the application's autocommit lives in this session instead.
                String v = m.group(1).toUpperCase(java.util.Locale.ROOT);
                setAutoCommit(v.equals("1") || v.equals("ON") || v.equals("TRUE"));
                return new WriteResult(0, lastInsertId, lastLsn);
            }
            if (info.sql().toLowerCase(java.util.Locale.ROOT).contains("autocommit")) {
                throw new SQLException("Flotilla handles autocommit itself; send SET autocommit=0|1 as its own statement", "42000", 1064);
            }
        }
        beforeRead(info);
        long count;
        try (PreparedStatement ps = conn.prepareStatement(info.sql())) {
            bind(ps, params, 0);
            count = ps.execute() ? -1 : ps.getUpdateCount();
        }
        if (info.kind() == StatementKind.SET || info.kind() == StatementKind.USE) {
            schema = conn.getCatalog();
            refreshSettings();
        }
        if (autocommit && !inTransaction) {
            // Reads leave a snapshot open on an autocommit-off connection; end it so the next read is fresh.
            conn.commit();
        }
        return new WriteResult(count, lastInsertId, 0);
    }

    private WriteResult write(StatementInfo info, List<Object> params) throws SQLException {
        if (readOnlyTransaction) {
            throw new SQLException("Cannot execute statement in a READ ONLY transaction.", "25006", 1792);
        }
        boolean autocommitWrite = autocommit && !inTransaction;
        if (!autocommitWrite && !inTransaction) {
            beginImplicit(false);
        }
        String sql = rewrite(info);
        long ts = writer.nowMicros();
        long seed1 = info.usesRand() ? ThreadLocalRandom.current().nextLong(1L << 30) : -1;
        long seed2 = info.usesRand() ? ThreadLocalRandom.current().nextLong(1L << 30) : -1;
        // Constant SQL text per statement shape (values travel as parameters) lets Connector/J reuse its parse.
        StringBuilder batch = new StringBuilder(sql.length() + 200);
        batch.append(seed1 >= 0 ? "SET TIMESTAMP=?, rand_seed1=?, rand_seed2=?" : "SET TIMESTAMP=?");
        if (!gateHeld) {
            // Folding the shared DDL-gate lock into the SET costs less than a separate locking SELECT.
            batch.append(", @flotilla_gate=(").append(LogSchema.GATE_SHARED).append(')');
        }
        batch.append(";\n").append(stripSemicolon(sql)).append("\n;");
        SessionSettings carried = settings;
        timestampPinned = true;
        try {
            if (autocommitWrite) {
                // LAST_INSERT_ID() is saved before the log insert changes it, and put back after it.
                batch.append("INSERT INTO flotilla.log (epoch, created_us, last_iid, entry) VALUES (?, ?, @flotilla_iid := LAST_INSERT_ID(), ?);\n")
                        .append("SELECT LAST_INSERT_ID(), LAST_INSERT_ID(@flotilla_iid);\nCOMMIT");
                LoggedStatement logged = new LoggedStatement(sql, params, schema, ts, 0, seed1, seed2, carried, false);
                try (PreparedStatement ps = conn.prepareStatement(batch.toString())) {
                    int n = bindContext(ps, ts, seed1, seed2);
                    n = bind(ps, params, n);
                    ps.setLong(n + 1, writer.epoch());
                    ps.setLong(n + 2, ts);
                    ps.setBytes(n + 3, EntryCodec.encode(List.of(logged)));
                    Results r = Results.walk(ps, ps.execute(), 1);
                    lastLsn = r.longAt(0);
                    lastInsertId = r.longAt(1);
                    writer.committed(lastLsn);
                    return new WriteResult(r.updateCount(), lastInsertId, lastLsn);
                }
            }
            batch.append("SELECT LAST_INSERT_ID()");
            gateHeld = true;
            try (PreparedStatement ps = conn.prepareStatement(batch.toString())) {
                int n = bindContext(ps, ts, seed1, seed2);
                bind(ps, params, n);
                Results r = Results.walk(ps, ps.execute(), 1);
                lastInsertId = r.longAt(0);
                pending.add(new LoggedStatement(sql, params, schema, ts, lastInsertId, seed1, seed2, carried, false));
                return new WriteResult(r.updateCount(), lastInsertId, 0);
            }
        } catch (SQLException e) {
            if (autocommitWrite) {
                // A failed autocommit statement ends its implicit transaction, releasing any locks it took.
                safeRollback();
                gateHeld = false;
            }
            throw e;
        }
    }

    private static int bindContext(PreparedStatement ps, long ts, long seed1, long seed2) throws SQLException {
        ps.setBigDecimal(1, java.math.BigDecimal.valueOf(ts, 6));
        if (seed1 < 0) {
            return 1;
        }
        ps.setLong(2, seed1);
        ps.setLong(3, seed2);
        return 3;
    }

    private WriteResult ddl(StatementInfo info, List<Object> params) throws SQLException {
        if (inTransaction) {
            commit();
        }
        long ts = writer.nowMicros();
        Connection gate = writer.gateConnection();
        try {
            gate.setAutoCommit(false);
            try (Statement g = gate.createStatement()) {
                g.executeQuery(LogSchema.GATE_EXCLUSIVE).close();
            }
            long count;
            try (PreparedStatement ps = conn.prepareStatement("SET TIMESTAMP=?;\n" + stripSemicolon(info.sql()) + "\n")) {
                bindContext(ps, ts, -1, -1);
                bind(ps, params, 1);
                count = Results.walk(ps, ps.execute(), 1).updateCount();
            } catch (SQLException e) {
                gate.rollback();
                throw e;
            }
            timestampPinned = true;
            // The window: a crash between the DDL above and this commit leaves the DDL on the leader only.
            LoggedStatement logged = new LoggedStatement(info.sql(), params, schema, ts, 0, -1, -1, settings, true);
            try (PreparedStatement ps = gate.prepareStatement(
                    "INSERT INTO flotilla.log (epoch, created_us, last_iid, entry) VALUES (?, ?, NULL, ?);\nSELECT LAST_INSERT_ID()")) {
                ps.setLong(1, writer.epoch());
                ps.setLong(2, ts);
                ps.setBytes(3, EntryCodec.encode(List.of(logged)));
                lastLsn = Results.walk(ps, ps.execute(), 0).longAt(0);
            }
            gate.commit();
            writer.committed(lastLsn);
            schema = conn.getCatalog();
            return new WriteResult(count, lastInsertId, lastLsn);
        } finally {
            gate.close();
        }
    }

    private void begin(boolean readOnly, String sql) throws SQLException {
        if (inTransaction) {
            commit();
        }
        try (Statement st = conn.createStatement()) {
            st.execute(sql);
        }
        inTransaction = true;
        readOnlyTransaction = readOnly;
        gateHeld = false;
    }

    private void beginImplicit(boolean readOnly) {
        inTransaction = true;
        readOnlyTransaction = readOnly;
        gateHeld = false;
    }

    /** Commits the open transaction, writing its entry when it changed anything. */
    public void commit() throws SQLException {
        if (!inTransaction) {
            conn.commit();
            return;
        }
        try {
            if (pending.isEmpty()) {
                conn.commit();
                return;
            }
            long created = writer.nowMicros();
            try (PreparedStatement ps = conn.prepareStatement(
                    "INSERT INTO flotilla.log (epoch, created_us, last_iid, entry) VALUES (?, ?, NULL, ?);\n"
                            + "SELECT LAST_INSERT_ID(), LAST_INSERT_ID(?);\nCOMMIT")) {
                ps.setLong(1, writer.epoch());
                ps.setLong(2, created);
                ps.setBytes(3, EntryCodec.encode(pending));
                ps.setLong(4, lastInsertId);
                Results r = Results.walk(ps, ps.execute(), 0);
                lastLsn = r.longAt(0);
            }
            writer.committed(lastLsn);
        } finally {
            endTransaction();
        }
    }

    /** Rolls back the open transaction; its buffered statements are dropped with it. */
    public void rollback() throws SQLException {
        try {
            conn.rollback();
        } finally {
            endTransaction();
        }
    }

    private void endTransaction() {
        pending.clear();
        savepoints.clear();
        inTransaction = false;
        readOnlyTransaction = false;
        gateHeld = false;
    }

    private void savepoint(StatementKind kind, String sql) throws SQLException {
        if (!inTransaction) {
            if (autocommit) {
                // Outside a transaction MySQL accepts SAVEPOINT as a no-op; ROLLBACK TO fails on the server.
                try (Statement st = conn.createStatement()) {
                    st.execute(sql);
                }
                return;
            }
            beginImplicit(false);
        }
        try (Statement st = conn.createStatement()) {
            st.execute(sql);
        }
        String name = savepointName(sql);
        switch (kind) {
            case SAVEPOINT -> {
                savepoints.remove(name);
                savepoints.put(name, pending.size());
            }
            case ROLLBACK_TO_SAVEPOINT -> {
                Integer size = savepoints.get(name);
                if (size != null) {
                    pending.subList(size, pending.size()).clear();
                    dropSavepointsAfter(name, false);
                }
            }
            case RELEASE_SAVEPOINT -> dropSavepointsAfter(name, true);
            default -> throw new IllegalStateException(kind.name());
        }
    }

    private void dropSavepointsAfter(String name, boolean inclusive) {
        boolean seen = false;
        for (var it = savepoints.keySet().iterator(); it.hasNext(); ) {
            String k = it.next();
            if (seen) {
                it.remove();
            } else if (k.equals(name)) {
                seen = true;
                if (inclusive) {
                    it.remove();
                }
            }
        }
    }

    private static String savepointName(String sql) {
        String[] words = sql.trim().replaceAll(";\\s*$", "").split("\\s+");
        return words[words.length - 1].replace("`", "").toLowerCase(java.util.Locale.ROOT);
    }

    private String rewrite(StatementInfo info) {
        if (info.rewrites().isEmpty()) {
            return info.sql();
        }
        NondeterministicValues v = writer.values(lastInsertId);
        StringBuilder out = new StringBuilder(info.sql().length() + 32);
        int pos = 0;
        for (Rewrite r : info.rewrites()) {
            out.append(info.sql(), pos, r.start());
            switch (r.kind()) {
                case UUID -> out.append('\'').append(v.uuid()).append('\'');
                case UUID_SHORT -> out.append(v.uuidShort());
                // Under the pinned TIMESTAMP, NOW(n) is the same on leader and followers and respects time_zone.
                case SYSDATE -> out.append("NOW(").append(r.fsp()).append(')');
                case LAST_INSERT_ID -> out.append(v.lastInsertId());
            }
            pos = r.end();
        }
        out.append(info.sql(), pos, info.sql().length());
        return out.toString();
    }

    static String stripSemicolon(String sql) {
        String s = sql.strip();
        while (s.endsWith(";")) {
            s = s.substring(0, s.length() - 1).strip();
        }
        return s;
    }

    static int bind(PreparedStatement ps, List<Object> params, int offset) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            Object p = params.get(i);
            if (p instanceof LoggedStatement.NullValue) {
                p = null;
            }
            ps.setObject(offset + i + 1, p);
        }
        return offset + params.size();
    }

    private void refreshSettings() throws SQLException {
        SessionSettings defaults = writer.serverDefaults(conn);
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT @@session.sql_mode, @@session.time_zone, @@session.collation_connection")) {
            rs.next();
            SessionSettings now = new SessionSettings(rs.getString(1), rs.getString(2), rs.getString(3));
            settings = now.equals(defaults) ? null : now;
        }
    }

    private void safeRollback() {
        try {
            conn.rollback();
        } catch (SQLException e) {
            LOG.debug("rollback after a failed write failed too", e);
        }
    }

    @Override
    public void close() throws SQLException {
        try {
            if (inTransaction) {
                rollback();
            }
        } finally {
            conn.close();
        }
    }
}
