package io.flotilla.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The backend statements one Flotilla statement has prepared, by backend connection and SQL text, and the limits
 * (max rows, fetch size, query timeout) applied to each execution.
 */
final class BackendStatements {

    private final FlotillaConnection conn;
    /** Backend statements by backend connection and SQL: reads alternate between followers, each keeps its own. */
    private final Map<Connection, Map<String, PreparedStatement>> prepared = new IdentityHashMap<>();
    /** The connection's {@link SessionState#catalogChanges()} when the backend statements were prepared. */
    private int catalogChanges;
    /** The backend statement executed last (its warnings are the statement's). */
    private PreparedStatement backend;
    private int maxRows;
    private int fetchSize;
    private int queryTimeout;

    BackendStatements(FlotillaConnection conn) {
        this.conn = conn;
    }

    /** Executes {@code text} with {@code values} on a backend connection; the outcome goes to {@code into}. */
    boolean execute(Connection c, String text, List<Object> values, StatementResult into) throws SQLException {
        if (catalogChanges != conn.state().catalogChanges()) {
            // Connector/J runs a statement in the database it was prepared in: prepare again in the new one.
            closeAll();
            catalogChanges = conn.state().catalogChanges();
        }
        // Re-executing on a backend reuses that backend's statement (the common loop), as a pool's cache would.
        Map<String, PreparedStatement> byText = prepared.computeIfAbsent(c, k -> new HashMap<>(4));
        backend = byText.get(text);
        if (backend == null || backend.isClosed()) {
            if (byText.size() >= 16) {
                close(byText);
            }
            backend = c.prepareStatement(text);
            byText.put(text, backend);
        } else {
            backend.clearParameters();
        }
        for (int i = 0; i < values.size(); i++) {
            backend.setObject(i + 1, values.get(i));
        }
        // The backend statement is reused across executions: set each limit whenever it differs, 0 included.
        if (backend.getMaxRows() != maxRows) {
            backend.setMaxRows(maxRows);
        }
        if (backend.getFetchSize() != fetchSize) {
            backend.setFetchSize(fetchSize);
        }
        if (backend.getQueryTimeout() != queryTimeout) {
            backend.setQueryTimeout(queryTimeout);
        }
        boolean isRs = backend.execute();
        if (isRs) {
            into.query(backend.getResultSet());
        } else {
            into.updated(backend.getLargeUpdateCount());
        }
        return isRs;
    }

    /** The statement ran without a backend statement of its own (a logged write): no earlier warnings are its. */
    void ranElsewhere() {
        backend = null;
    }

    /** The warnings of the backend statement executed last (null before the first execution). */
    SQLWarning warnings() throws SQLException {
        return backend != null ? backend.getWarnings() : null;
    }

    /** Closes every backend statement; the next execution prepares again. */
    void closeAll() throws SQLException {
        for (Map<String, PreparedStatement> byText : prepared.values()) {
            close(byText);
        }
        prepared.clear();
        backend = null;
    }

    private static void close(Map<String, PreparedStatement> byText) throws SQLException {
        for (PreparedStatement ps : byText.values()) {
            ps.close();
        }
        byText.clear();
    }

    int maxRows() {
        return maxRows;
    }

    void maxRows(int max) {
        maxRows = max;
    }

    int fetchSize() {
        return fetchSize;
    }

    void fetchSize(int rows) {
        fetchSize = rows;
    }

    int queryTimeout() {
        return queryTimeout;
    }

    void queryTimeout(int seconds) {
        queryTimeout = seconds;
    }
}
