package io.flotilla.replicator.log;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** A small per-connection LRU of prepared statements, keyed by statement text and batch shape. */
final class StatementCache implements AutoCloseable {

    /** The cache key: the application's SQL and the shape of the batch built around it. */
    record Key(String sql, int shape) {
    }

    private final Connection conn;
    private final int capacity;
    private final Map<Key, PreparedStatement> map;

    StatementCache(Connection conn, int capacity) {
        this.conn = conn;
        this.capacity = capacity;
        this.map = new LinkedHashMap<>(capacity * 2, 0.75f, true);
    }

    /** The cached statement for {@code key}, preparing {@code text.apply(key)} on a miss. */
    PreparedStatement get(Key key, Function<Key, String> text) throws SQLException {
        PreparedStatement ps = map.get(key);
        if (ps != null) {
            ps.clearParameters();
            return ps;
        }
        ps = conn.prepareStatement(text.apply(key));
        map.put(key, ps);
        if (map.size() > capacity) {
            var eldest = map.entrySet().iterator();
            eldest.next().getValue().close();
            eldest.remove();
        }
        return ps;
    }

    /** Closes every cached statement; the cache stays usable and prepares again on the next miss. */
    @Override
    public void close() {
        for (PreparedStatement ps : map.values()) {
            try {
                ps.close();
            } catch (SQLException ignored) {
                // Closing the connection frees it anyway.
            }
        }
        map.clear();
    }
}
