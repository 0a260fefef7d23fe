package io.flotilla.replicator.log;

import io.flotilla.replicator.config.ClusterConfig.UnsafePolicy;
import io.flotilla.routing.sql.Rewriter;
import io.flotilla.routing.sql.RewriteKind;
import io.flotilla.routing.sql.StatementInfo;
import io.flotilla.routing.sql.StatementKind;
import io.flotilla.routing.sql.Unsafe;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One application session on the leader whose writes are recorded in the binlog inside the same transaction.
 *
 * <p>The leader connection keeps autocommit off for good, so an autocommit write is one multi-statement round trip
 * with constant text per statement shape: {@code SET TIMESTAMP=?…; stmt; INSERT INTO flotilla.log …; DO
 * LAST_INSERT_ID(@flotilla_iid); COMMIT}. Explicit transactions buffer their statements and write one entry at COMMIT.
 */
public final class LoggedSession implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LoggedSession.class);
    private static final Pattern AUTOCOMMIT = Pattern.compile(
            "(?is)^\\s*SET\\s+(?:SESSION\\s+|@@(?:SESSION\\.)?)?autocommit\\s*=\\s*(0|1|ON|OFF|TRUE|FALSE)\\s*;?\\s*$");

    /** MySQL's ER_LOCK_DEADLOCK: a deadlock victim's whole transaction was rolled back by the server. */
    private static final int ER_LOCK_DEADLOCK = 1213;

    private final LogWriter writer;
    private final Connection conn;
    private final StatementCache statements;
    private final Savepoints savepoints = new Savepoints();
    private final List<LoggedStatement> pending = new ArrayList<>();
    private boolean autocommit = true;
    private boolean inTransaction;
    private boolean readOnlyTransaction;
    private boolean timestampPinned;
    private String schema;
    private SessionSettings settings;
    private long lastLsn;

    /** Wraps a leader connection (Connector/J with allowMultiQueries=true); the session owns it from now on. */
    public LoggedSession(LogWriter writer, Connection conn) throws SQLException {
        this.writer = writer;
        this.conn = conn;
        this.statements = new StatementCache(conn, 128);
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

    public boolean autoCommit() {
        return autocommit;
    }

    /** Switches the application-level autocommit; turning it on commits an open transaction, as MySQL does. */
    public void setAutoCommit(boolean on) throws SQLException {
        // As MySQL: only switching autocommit on commits; setting it again leaves a START TRANSACTION open.
        if (on && !autocommit && inTransaction) {
            commit();
        }
        autocommit = on;
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
                return new WriteResult(0, 0, 0);
            }
            case COMMIT -> {
                commit();
                return new WriteResult(0, 0, lastLsn);
            }
            case ROLLBACK -> {
                rollback();
                return new WriteResult(0, 0, 0);
            }
            case SAVEPOINT, ROLLBACK_TO_SAVEPOINT, RELEASE_SAVEPOINT -> {
                savepoint(kind, sql);
                return new WriteResult(0, 0, 0);
            }
            default -> {
                // Everything else is decided below.
            }
        }
        checkUnsafe(info);
        if (info.write() && info.implicitCommit()) {
            return ddl(info, params);
        }
        if (info.write()) {
            return write(info, params);
        }
        if (info.implicitCommit() && inTransaction && kind != StatementKind.SET) {
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

    private WriteResult passThrough(StatementInfo info, List<Object> params) throws SQLException {
        if (info.kind() == StatementKind.SET) {
            Matcher m = AUTOCOMMIT.matcher(info.sql());
            if (m.matches()) {
                // The leader backend keeps autocommit off for good (log and data must share a transaction);
                // the application's autocommit lives in this session instead.
                String v = m.group(1).toUpperCase(Locale.ROOT);
                setAutoCommit(v.equals("1") || v.equals("ON") || v.equals("TRUE"));
                return new WriteResult(0, 0, lastLsn);
            }
            if (info.sql().toLowerCase(Locale.ROOT).contains("autocommit")) {
                throw new SQLException("Flotilla handles autocommit itself; send SET autocommit=0|1 as its own statement", "42000", 1064);
            }
        }
        beforeRead(info);
        long count;
        try (PreparedStatement ps = conn.prepareStatement(info.sql())) {
            WriteBatch.bind(ps, params, 0);
            count = ps.execute() ? -1 : ps.getUpdateCount();
        }
        if (info.kind() == StatementKind.USE) {
            followUse();
        }
        if (info.kind() == StatementKind.SET || info.kind() == StatementKind.USE) {
            schema = conn.getCatalog();
            refreshSettings();
        }
        if (autocommit && !inTransaction) {
            // Reads leave a snapshot open on an autocommit-off connection; end it so the next read is fresh.
            conn.commit();
        }
        return new WriteResult(count, 0, 0);
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
        boolean rand = info.usesRand();
        long seed1 = rand ? ThreadLocalRandom.current().nextLong(1L << 30) : -1;
        long seed2 = rand ? ThreadLocalRandom.current().nextLong(1L << 30) : -1;
        SessionSettings carried = settings;
        timestampPinned = true;
        PreparedStatement ps = statements.get(WriteBatch.key(sql, autocommitWrite, rand), WriteBatch::text);
        try {
            int n = WriteBatch.bind(ps, params, WriteBatch.bindContext(ps, ts, seed1, seed2));
            if (autocommitWrite) {
                LoggedStatement logged = new LoggedStatement(sql, params, schema, ts, 0, seed1, seed2, carried, false);
                ps.setLong(n + 1, writer.epoch());
                ps.setLong(n + 2, ts);
                ps.setBytes(n + 3, EntryCodec.encode(List.of(logged)));
                Results r = Results.walk(ps, ps.execute(), 1);
                lastLsn = r.insertId(2);
                writer.committed(lastLsn);
                return new WriteResult(r.updateCount(), r.insertId(1), lastLsn);
            }
            Results r = Results.walk(ps, ps.execute(), 1);
            pending.add(new LoggedStatement(sql, params, schema, ts, r.insertId(1), seed1, seed2, carried, false));
            return new WriteResult(r.updateCount(), r.insertId(1), 0);
        } catch (SQLException e) {
            if (autocommitWrite) {
                // A failed autocommit statement ends its implicit transaction, releasing any locks it took.
                safeRollback();
            } else if (e.getErrorCode() == ER_LOCK_DEADLOCK) {
                // The server rolled the whole transaction back: its buffered statements must never be logged by a
                // later COMMIT (followers would apply writes the leader never committed).
                safeRollback();
                endTransaction();
            }
            throw e;
        }
    }

    private WriteResult ddl(StatementInfo info, List<Object> params) throws SQLException {
        if (inTransaction) {
            commit();
        }
        long ts = writer.nowMicros();
        LoggedStatement logged = new LoggedStatement(info.sql(), params, schema, ts, 0, -1, -1, settings, true);
        long[] result = new DdlWriter(writer).run(conn, schema, info, params, logged);
        timestampPinned = true;
        lastLsn = result[1];
        schema = conn.getCatalog();
        writer.committed(lastLsn);
        return new WriteResult(result[0], 0, lastLsn);
    }

    private void begin(boolean readOnly, String sql) throws SQLException {
        if (inTransaction) {
            commit();
        }
        try (Statement st = conn.createStatement()) {
            st.execute(sql);
        }
        beginImplicit(readOnly);
    }

    private void beginImplicit(boolean readOnly) {
        inTransaction = true;
        readOnlyTransaction = readOnly;
    }

    /** Commits the open transaction, writing its entry when it changed anything. */
    public void commit() throws SQLException {
        if (!inTransaction || pending.isEmpty()) {
            try {
                conn.commit();
            } finally {
                endTransaction();
            }
            return;
        }
        try {
            PreparedStatement ps = statements.get(WriteBatch.COMMIT, WriteBatch::text);
            ps.setLong(1, writer.epoch());
            ps.setLong(2, writer.nowMicros());
            ps.setBytes(3, EntryCodec.encode(pending));
            lastLsn = Results.walk(ps, ps.execute(), 0).insertId(0);
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
    }

    private void savepoint(StatementKind kind, String sql) throws SQLException {
        if (!inTransaction && !autocommit) {
            beginImplicit(false);
        }
        try (Statement st = conn.createStatement()) {
            st.execute(sql);
        }
        if (!inTransaction) {
            // Outside a transaction MySQL accepts SAVEPOINT as a no-op; ROLLBACK TO has already failed above.
            return;
        }
        int keep = savepoints.apply(kind, sql, pending.size());
        if (keep < pending.size()) {
            pending.subList(keep, pending.size()).clear();
        }
    }

    private String rewrite(StatementInfo info) throws SQLException {
        if (info.rewrites().isEmpty()) {
            return info.sql();
        }
        long lastInsertId = info.rewrites().stream().anyMatch(r -> r.kind() == RewriteKind.LAST_INSERT_ID) ? serverLastInsertId() : 0;
        return Rewriter.apply(info, writer.values(lastInsertId), Rewriter.Sysdate.PINNED_NOW);
    }

    /** LAST_INSERT_ID() as the server holds it for this session (kept exact: the log insert restores it). */
    private long serverLastInsertId() throws SQLException {
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT LAST_INSERT_ID()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Connector/J does not notice a USE sent as SQL (getCatalog() keeps the old name), so the logged schema would
     * send the following writes to the old database on followers, and a pooled backend would keep a database its
     * next borrower does not expect. Ask the server, then tell the driver through setCatalog. Cached statements
     * go: Connector/J runs a statement in the database it was prepared in, so a cached write would still change the
     * old database while its entry names the new one.
     */
    private void followUse() throws SQLException {
        String db;
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT DATABASE()")) {
            rs.next();
            db = rs.getString(1);
        }
        if (db != null && !db.equals(conn.getCatalog())) {
            statements.close();
            conn.setCatalog(db);
        }
    }

    private void refreshSettings() throws SQLException {
        SessionSettings defaults = writer.serverDefaults(conn);
        SessionSettings now = SessionSettings.ofSession(conn);
        settings = now.equals(defaults) ? null : now;
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
            if (timestampPinned) {
                // The backend may go back to a pool: the next session must not inherit this session's clock.
                try (Statement st = conn.createStatement()) {
                    st.execute("SET TIMESTAMP=DEFAULT");
                }
                timestampPinned = false;
            }
        } finally {
            statements.close();
            conn.close();
        }
    }
}
