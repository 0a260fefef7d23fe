package io.flotilla.jdbc;

import io.flotilla.routing.sql.StatementInfo;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A statement (plain or prepared) that is routed per execution: writes and leader-only statements through the
 * session's binlog writer, reads to a follower that satisfies the session's consistency, or to the leader
 * ({@link RoutedExecution}).
 */
final class FlotillaStatement extends ParameterSetters {

    private final FlotillaConnection conn;
    private final String sql;
    /** The analysis of {@link #sql}, once the first execution has asked for it. */
    private StatementInfo sqlInfo;
    private final List<List<Object>> batch = new ArrayList<>();
    private final List<String> textBatch = new ArrayList<>();
    private final StatementResult result = new StatementResult();
    private final BackendStatements backends;
    private final RoutedExecution execution;
    private boolean closed;

    FlotillaStatement(FlotillaConnection conn, String sql) {
        this.conn = conn;
        this.sql = sql;
        this.backends = new BackendStatements(conn);
        this.execution = new RoutedExecution(conn, backends, result);
    }

    private boolean run(String text, List<Object> values) throws SQLException {
        checkOpen();
        result.clear();
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
        return execution.run(info, values);
    }

    private String prepared() throws SQLException {
        if (sql == null) {
            throw new SQLException("this is a plain Statement: pass the SQL to execute(…)", "HY000");
        }
        return sql;
    }

    // --- PreparedStatement ---

    @Override
    public ResultSet executeQuery() throws SQLException {
        run(prepared(), parameters());
        return result.requireResultSet();
    }

    @Override
    public int executeUpdate() throws SQLException {
        run(prepared(), parameters());
        return (int) result.rowsChanged();
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        run(prepared(), parameters());
        return result.rowsChanged();
    }

    @Override
    public boolean execute() throws SQLException {
        return run(prepared(), parameters());
    }

    @Override
    public void addBatch() throws SQLException {
        batch.add(new ArrayList<>(parameters()));
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        return result.resultSet() != null ? result.resultSet().getMetaData() : null;
    }

    // --- Statement ---

    @Override
    public ResultSet executeQuery(String text) throws SQLException {
        run(text, List.of());
        return result.requireResultSet();
    }

    @Override
    public int executeUpdate(String text) throws SQLException {
        run(text, List.of());
        return (int) result.rowsChanged();
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
        return result.rowsChanged();
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
                counts.add(result.rowsChanged());
            }
            for (List<Object> p : batch) {
                run(prepared(), p);
                counts.add(result.rowsChanged());
            }
        } finally {
            clearBatch();
        }
        return counts.stream().mapToLong(Long::longValue).toArray();
    }

    @Override
    public ResultSet getResultSet() throws SQLException {
        checkOpen();
        return result.resultSet();
    }

    @Override
    public int getUpdateCount() throws SQLException {
        checkOpen();
        return (int) result.updateCount();
    }

    @Override
    public long getLargeUpdateCount() throws SQLException {
        checkOpen();
        return result.updateCount();
    }

    @Override
    public boolean getMoreResults() throws SQLException {
        checkOpen();
        result.closeResultSet();
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
        long generatedId = result.generatedId();
        long n = generatedId > 0 ? Math.min(Math.max(result.updateCount(), 1), 1000) : 0;
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
        backends.maxRows(max);
    }

    @Override
    public int getMaxRows() {
        return backends.maxRows();
    }

    @Override
    public void setLargeMaxRows(long max) {
        backends.maxRows((int) Math.min(max, Integer.MAX_VALUE));
    }

    @Override
    public long getLargeMaxRows() {
        return backends.maxRows();
    }

    @Override
    public void setFetchSize(int rows) {
        backends.fetchSize(rows);
    }

    @Override
    public int getFetchSize() {
        return backends.fetchSize();
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
        backends.queryTimeout(seconds);
    }

    @Override
    public int getQueryTimeout() {
        return backends.queryTimeout();
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
        return backends.warnings();
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
            result.clear();
            backends.closeAll();
        }
    }

    @Override
    void checkOpen() throws SQLException {
        if (closed) {
            throw new SQLException("statement is closed", "HY010");
        }
        conn.checkOpen();
    }
}
