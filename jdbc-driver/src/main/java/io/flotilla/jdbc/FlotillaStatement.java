package io.flotilla.jdbc;

import io.flotilla.jdbc.base.UnsupportedPreparedStatement;
import io.flotilla.replicator.log.LogSchema;
import io.flotilla.replicator.log.LoggedSession;
import io.flotilla.replicator.log.WriteResult;
import io.flotilla.routing.route.ConsistencyLevel;
import io.flotilla.routing.route.Route;
import io.flotilla.routing.sql.StatementInfo;
import io.flotilla.routing.sql.StatementKind;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * A statement (plain or prepared) that is routed per execution: writes and leader-only statements through the
 * session's binlog writer, reads to a follower that satisfies the session's consistency, or to the leader.
 */
final class FlotillaStatement extends UnsupportedPreparedStatement {

    private static final Set<StatementKind> SESSION_COMMANDS = Set.of(StatementKind.BEGIN, StatementKind.COMMIT,
            StatementKind.ROLLBACK, StatementKind.SAVEPOINT, StatementKind.ROLLBACK_TO_SAVEPOINT,
            StatementKind.RELEASE_SAVEPOINT, StatementKind.SET, StatementKind.USE);

    /** MySQL/MariaDB error 1213: the statement was a deadlock victim and its transaction was rolled back. */
    private static final int ER_LOCK_DEADLOCK = 1213;

    private final FlotillaConnection conn;
    /** MySQL's ER_OPTION_PREVENTS_STATEMENT: the server runs with --read-only. */
    private static final int READ_ONLY = 1290;
    private final String sql;
    /** The analysis of {@link #sql}, once the first execution has asked for it. */
    private StatementInfo sqlInfo;
    private final boolean wantKeys;
    private final List<Object> params = new ArrayList<>();
    private final List<List<Object>> batch = new ArrayList<>();
    private final List<String> textBatch = new ArrayList<>();
    private PreparedStatement backend;
    /** Backend statements by backend connection and SQL: reads alternate between followers, each keeps its own. */
    private final java.util.Map<Connection, java.util.Map<String, PreparedStatement>> prepared = new java.util.IdentityHashMap<>();
    /** The connection's {@link FlotillaConnection#catalogChanges()} when the backend statements were prepared. */
    private int catalogChanges;
    private ResultSet resultSet;
    private long updateCount = -1;
    private long generatedId;
    private boolean closed;
    private int maxRows;
    private int fetchSize;
    private int queryTimeout;

    FlotillaStatement(FlotillaConnection conn, String sql, boolean wantKeys) {
        this.conn = conn;
        this.sql = sql;
        this.wantKeys = wantKeys;
    }

    private boolean run(String text, List<Object> values) throws SQLException {
        checkOpen();
        closeCurrent();
        conn.recordGeneratedId(0);
        StatementInfo info;
        if (text == sql && sqlInfo != null) {
            info = sqlInfo; // a prepared statement's text never changes, nor does its analysis
        } else {
            info = conn.client().analyzer().analyze(text);
            if (text == sql) {
                sqlInfo = info;
            }
        }
        if (conn.isReadOnly() && info.write()) {
            throw new SQLException("Cannot execute statement in a READ ONLY transaction.", "25006", 1792);
        }
        for (int attempt = 0; ; attempt++) {
            Route route = conn.route(info);
            String node = route.toLeader() ? null : route.node();
            try {
                if (route.toLeader()) {
                    return onLeader(info, values, route);
                }
                return onFollower(info, values, route);
            } catch (SQLException e) {
                if (e.getErrorCode() == ER_LOCK_DEADLOCK && node == null) {
                    forgetDeadlockedTransaction(e);
                }
                if (node == null && e.getErrorCode() == READ_ONLY && !conn.inTransaction() && attempt == 0
                        && conn.leaderWasDemoted()) {
                    // Refused by a demoted leader: nothing was written (read_only also fails a COMMIT), so the
                    // statement runs once more on the new leader.
                    continue;
                }
                if (e.getSQLState() == null || !e.getSQLState().startsWith("08")) {
                    throw e;
                }
                conn.dropBackend(node);
                // A read outside a transaction that lost its follower is repeated once elsewhere; anything else
                // (a write, a transaction's statement) reports the failure, since repeating it could double it.
                if (node == null || attempt > 0 || conn.inTransaction()) {
                    throw e;
                }
            }
        }
    }

    /**
     * The server rolled the whole transaction back when it chose this statement as a deadlock victim: end it in the
     * session too, or its buffered statements would be logged by the next COMMIT (or implicit commit) and applied on
     * followers although the leader never committed them.
     */
    private void forgetDeadlockedTransaction(SQLException deadlock) {
        try {
            conn.rollback();
        } catch (SQLException e) {
            deadlock.addSuppressed(e);
        }
    }

    private boolean onLeader(StatementInfo info, List<Object> values, Route route) throws SQLException {
        LoggedSession session = conn.leader();
        if (info.write() || info.implicitCommit() || SESSION_COMMANDS.contains(info.kind())) {
            WriteResult w = session.execute(info.sql(), values);
            conn.afterWrite(w.lsn());
            if (info.kind() == StatementKind.SET && !info.sql().toLowerCase(java.util.Locale.ROOT).contains("autocommit")) {
                conn.rememberSet(info.sql());
            } else if (info.kind() == StatementKind.USE) {
                // Reached only when the leader accepted it; its backend knows the name however the SQL spelled it.
                conn.catalogChanged(session.connection().getCatalog());
            }
            updateCount = Math.max(0, w.updateCount());
            generatedId = w.generatedId();
            conn.recordGeneratedId(generatedId);
            return false;
        }
        session.beforeRead(info);
        boolean rs = execute(session.connection(), info.sql(), values);
        if (route.consistency() instanceof ConsistencyLevel.Monotonic) {
            // A leader read sees everything committed: later reads must not see less.
            conn.position().recordRead(LogSchema.head(session.connection()));
        }
        if (!conn.inTransaction()) {
            // The leader backend never autocommits: end the read's snapshot (and its metadata locks) now, or the
            // next read on this connection would see the old snapshot and DDL elsewhere would wait for it.
            session.connection().commit();
        }
        return rs;
    }

    private boolean onFollower(StatementInfo info, List<Object> values, Route route) throws SQLException {
        conn.pinIfReadOnlyTransaction(route.node());
        Connection f = conn.follower(route.node());
        var outstanding = conn.client().positions().outstanding(route.node());
        outstanding.incrementAndGet();
        try {
            boolean rs = execute(f, info.sql(), values);
            if (route.consistency() instanceof ConsistencyLevel.Monotonic) {
                // Read after the query, so the recorded position is at least what the query saw.
                conn.position().recordRead(LogSchema.appliedLsn(f));
            } else {
                conn.position().recordRead(route.requiredLsn());
            }
            return rs;
        } finally {
            outstanding.decrementAndGet();
        }
    }

    private boolean execute(Connection c, String text, List<Object> values) throws SQLException {
        if (catalogChanges != conn.catalogChanges()) {
            // Connector/J runs a statement in the database it was prepared in: prepare again in the new one.
            closeBackend();
            catalogChanges = conn.catalogChanges();
        }
        // Re-executing on a backend reuses that backend's statement (the common loop), as a pool's cache would.
        java.util.Map<String, PreparedStatement> byText = prepared.computeIfAbsent(c, k -> new java.util.HashMap<>(4));
        backend = byText.get(text);
        if (backend == null || backend.isClosed()) {
            if (byText.size() >= 16) {
                closeBackends(byText);
            }
            backend = c.prepareStatement(text);
            byText.put(text, backend);
        } else {
            backend.clearParameters();
        }
        for (int i = 0; i < values.size(); i++) {
            backend.setObject(i + 1, values.get(i));
        }
        if (maxRows > 0) {
            backend.setMaxRows(maxRows);
        }
        if (fetchSize > 0) {
            backend.setFetchSize(fetchSize);
        }
        if (queryTimeout > 0) {
            backend.setQueryTimeout(queryTimeout);
        }
        boolean isRs = backend.execute();
        if (isRs) {
            resultSet = backend.getResultSet();
            updateCount = -1;
        } else {
            updateCount = backend.getLargeUpdateCount();
        }
        return isRs;
    }



    private void closeCurrent() throws SQLException {
        if (resultSet != null) {
            resultSet.close();
            resultSet = null;
        }
        updateCount = -1;
        generatedId = 0;
    }

    private static void closeBackends(java.util.Map<String, PreparedStatement> byText) throws SQLException {
        for (PreparedStatement ps : byText.values()) {
            ps.close();
        }
        byText.clear();
    }

    private void closeBackend() throws SQLException {
        for (java.util.Map<String, PreparedStatement> byText : prepared.values()) {
            closeBackends(byText);
        }
        prepared.clear();
        backend = null;
    }

    private String prepared() throws SQLException {
        if (sql == null) {
            throw new SQLException("this is a plain Statement: pass the SQL to execute(…)", "HY000");
        }
        return sql;
    }

    private void set(int index, Object value) throws SQLException {
        checkOpen();
        if (index < 1) {
            throw new SQLException("parameter index " + index + " is out of range", "07009");
        }
        while (params.size() < index) {
            params.add(null);
        }
        params.set(index - 1, value);
    }

    // --- PreparedStatement ---

    @Override
    public ResultSet executeQuery() throws SQLException {
        run(prepared(), params);
        return requireResultSet();
    }

    @Override
    public int executeUpdate() throws SQLException {
        run(prepared(), params);
        return (int) Math.max(updateCount, 0);
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        run(prepared(), params);
        return Math.max(updateCount, 0);
    }

    @Override
    public boolean execute() throws SQLException {
        return run(prepared(), params);
    }

    @Override
    public void addBatch() throws SQLException {
        batch.add(new ArrayList<>(params));
    }

    @Override
    public void clearParameters() {
        params.clear();
    }

    @Override
    public void setNull(int i, int sqlType) throws SQLException {
        set(i, null);
    }

    @Override
    public void setNull(int i, int sqlType, String typeName) throws SQLException {
        set(i, null);
    }

    @Override
    public void setBoolean(int i, boolean v) throws SQLException {
        set(i, v);
    }

    @Override
    public void setByte(int i, byte v) throws SQLException {
        set(i, (long) v);
    }

    @Override
    public void setShort(int i, short v) throws SQLException {
        set(i, (long) v);
    }

    @Override
    public void setInt(int i, int v) throws SQLException {
        set(i, (long) v);
    }

    @Override
    public void setLong(int i, long v) throws SQLException {
        set(i, v);
    }

    @Override
    public void setFloat(int i, float v) throws SQLException {
        set(i, (double) v);
    }

    @Override
    public void setDouble(int i, double v) throws SQLException {
        set(i, v);
    }

    @Override
    public void setBigDecimal(int i, BigDecimal v) throws SQLException {
        set(i, v);
    }

    @Override
    public void setString(int i, String v) throws SQLException {
        set(i, v);
    }

    @Override
    public void setNString(int i, String v) throws SQLException {
        set(i, v);
    }

    @Override
    public void setBytes(int i, byte[] v) throws SQLException {
        set(i, v == null ? null : v.clone());
    }

    @Override
    public void setDate(int i, Date v) throws SQLException {
        set(i, v == null ? null : v.toString());
    }

    @Override
    public void setTime(int i, Time v) throws SQLException {
        set(i, v == null ? null : v.toString());
    }

    @Override
    public void setTimestamp(int i, Timestamp v) throws SQLException {
        set(i, v == null ? null : v.toString());
    }

    @Override
    public void setObject(int i, Object v) throws SQLException {
        set(i, normalize(v));
    }

    @Override
    public void setObject(int i, Object v, int targetSqlType) throws SQLException {
        set(i, normalize(v));
    }

    @Override
    public void setObject(int i, Object v, int targetSqlType, int scale) throws SQLException {
        set(i, normalize(v));
    }

    /** Values are kept in the forms the log can carry exactly; dates and times as their SQL text. */
    private static Object normalize(Object v) {
        if (v == null || v instanceof String || v instanceof Long || v instanceof Double || v instanceof BigDecimal
                || v instanceof Boolean || v instanceof byte[]) {
            return v;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof java.math.BigInteger b) {
            return new BigDecimal(b);
        }
        if (v instanceof java.time.LocalDateTime t) {
            return t.toString().replace('T', ' ');
        }
        return v.toString();
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        return resultSet != null ? resultSet.getMetaData() : null;
    }

    // --- Statement ---

    @Override
    public ResultSet executeQuery(String text) throws SQLException {
        run(text, List.of());
        return requireResultSet();
    }

    @Override
    public int executeUpdate(String text) throws SQLException {
        run(text, List.of());
        return (int) Math.max(updateCount, 0);
    }

    @Override
    public int executeUpdate(String text, int keys) throws SQLException {
        return executeUpdate(text);
    }

    @Override
    public int executeUpdate(String text, int[] columns) throws SQLException {
        return executeUpdate(text);
    }

    @Override
    public int executeUpdate(String text, String[] columns) throws SQLException {
        return executeUpdate(text);
    }

    @Override
    public long executeLargeUpdate(String text) throws SQLException {
        run(text, List.of());
        return Math.max(updateCount, 0);
    }

    @Override
    public boolean execute(String text) throws SQLException {
        return run(text, List.of());
    }

    @Override
    public boolean execute(String text, int keys) throws SQLException {
        return run(text, List.of());
    }

    @Override
    public boolean execute(String text, int[] columns) throws SQLException {
        return run(text, List.of());
    }

    @Override
    public boolean execute(String text, String[] columns) throws SQLException {
        return run(text, List.of());
    }

    @Override
    public void addBatch(String text) throws SQLException {
        checkOpen();
        textBatch.add(text);
    }

    @Override
    public void clearBatch() {
        batch.clear();
        textBatch.clear();
    }

    @Override
    public int[] executeBatch() throws SQLException {
        long[] l = executeLargeBatch();
        return Arrays.stream(l).mapToInt(x -> (int) x).toArray();
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        List<Long> counts = new ArrayList<>();
        try {
            for (String text : textBatch) {
                run(text, List.of());
                counts.add(Math.max(updateCount, 0));
            }
            for (List<Object> p : batch) {
                run(prepared(), p);
                counts.add(Math.max(updateCount, 0));
            }
        } finally {
            clearBatch();
        }
        return counts.stream().mapToLong(Long::longValue).toArray();
    }

    @Override
    public ResultSet getResultSet() throws SQLException {
        checkOpen();
        return resultSet;
    }

    @Override
    public int getUpdateCount() throws SQLException {
        checkOpen();
        return (int) updateCount;
    }

    @Override
    public long getLargeUpdateCount() throws SQLException {
        checkOpen();
        return updateCount;
    }

    @Override
    public boolean getMoreResults() throws SQLException {
        checkOpen();
        if (resultSet != null) {
            resultSet.close();
            resultSet = null;
        }
        updateCount = -1;
        return false;
    }

    @Override
    public boolean getMoreResults(int current) throws SQLException {
        return getMoreResults();
    }

    @Override
    public ResultSet getGeneratedKeys() throws SQLException {
        checkOpen();
        // Keys come from the write's OK packet; a tiny leader query turns them into the ResultSet JDBC asks for.
        StringBuilder q = new StringBuilder();
        long n = generatedId > 0 ? Math.min(Math.max(updateCount, 1), 1000) : 0;
        if (n == 0) {
            q.append("SELECT 0 AS GENERATED_KEY FROM DUAL WHERE 1 = 0");
        } else {
            for (long k = 0; k < n; k++) {
                q.append(k == 0 ? "SELECT " : " UNION ALL SELECT ").append(generatedId + k).append(k == 0 ? " AS GENERATED_KEY" : "");
            }
        }
        Statement st = conn.leader().connection().createStatement();
        st.closeOnCompletion();
        return st.executeQuery(q.toString());
    }

    @Override
    public Connection getConnection() {
        return conn;
    }

    @Override
    public void setMaxRows(int max) {
        maxRows = max;
    }

    @Override
    public int getMaxRows() {
        return maxRows;
    }

    @Override
    public void setLargeMaxRows(long max) {
        maxRows = (int) Math.min(max, Integer.MAX_VALUE);
    }

    @Override
    public long getLargeMaxRows() {
        return maxRows;
    }

    @Override
    public void setFetchSize(int rows) {
        fetchSize = rows;
    }

    @Override
    public int getFetchSize() {
        return fetchSize;
    }

    @Override
    public void setFetchDirection(int direction) {
        // Forward only, as with Connector/J's default result sets.
    }

    @Override
    public int getFetchDirection() {
        return ResultSet.FETCH_FORWARD;
    }

    @Override
    public void setQueryTimeout(int seconds) {
        queryTimeout = seconds;
    }

    @Override
    public int getQueryTimeout() {
        return queryTimeout;
    }

    @Override
    public void setEscapeProcessing(boolean enable) {
        // Statements are passed through unchanged.
    }

    @Override
    public void setMaxFieldSize(int max) {
        // Not enforced.
    }

    @Override
    public int getMaxFieldSize() {
        return 0;
    }

    @Override
    public int getResultSetType() {
        return ResultSet.TYPE_FORWARD_ONLY;
    }

    @Override
    public int getResultSetConcurrency() {
        return ResultSet.CONCUR_READ_ONLY;
    }

    @Override
    public int getResultSetHoldability() {
        return ResultSet.CLOSE_CURSORS_AT_COMMIT;
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        return backend != null ? backend.getWarnings() : null;
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
    }

    @Override
    public void setPoolable(boolean poolable) {
        // Statements are cheap wrappers; nothing to pool.
    }

    @Override
    public boolean isPoolable() {
        return false;
    }

    @Override
    public void closeOnCompletion() {
        // Not tracked: closing the connection closes everything.
    }

    @Override
    public boolean isCloseOnCompletion() {
        return false;
    }

    @Override
    public void setCursorName(String name) {
        // Named cursors are not used by MySQL drivers.
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() throws SQLException {
        if (!closed) {
            closed = true;
            closeCurrent();
            closeBackend();
        }
    }

    @Override
    public void setAsciiStream(int i, InputStream x, int length) throws SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("streams are not supported by Flotilla yet; pass a String or byte[]");
    }

    @Override
    public void setCharacterStream(int i, Reader r, int length) throws SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("streams are not supported by Flotilla yet; pass a String or byte[]");
    }

    private ResultSet requireResultSet() throws SQLException {
        if (resultSet == null) {
            throw new SQLException("the statement did not return a result set", "HY000");
        }
        return resultSet;
    }

    private void checkOpen() throws SQLException {
        if (closed) {
            throw new SQLException("statement is closed", "HY010");
        }
        conn.checkOpen();
    }
}
