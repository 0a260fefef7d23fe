package io.flotilla.replicator.sync;

import io.flotilla.replicator.log.LogSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The acknowledgement poller's connections: one kept open per node, so a poll round costs one query per follower;
 * a node that fails is skipped for a short back-off instead of being reconnected every round. Single-threaded.
 */
final class SyncPositions implements AutoCloseable {

    /** Unknown position: the node did not answer. */
    static final long UNKNOWN = -1;
    private static final long RETRY_NANOS = 100_000_000L;

    private final NodeOpener opener;
    private final Map<String, Connection> conns = new HashMap<>();
    private final Map<String, PreparedStatement> positionQueries = new HashMap<>();
    private final Map<String, Long> retryAt = new HashMap<>();

    SyncPositions(NodeOpener opener) {
        this.opener = opener;
    }

    /** A follower's durable applied LSN, or {@link #UNKNOWN} when it does not answer. */
    long applied(String node) {
        if (backingOff(node)) {
            return UNKNOWN;
        }
        try {
            PreparedStatement ps = positionQueries.get(node);
            if (ps == null) {
                ps = connection(node).prepareStatement("SELECT applied_lsn FROM flotilla.state WHERE id = 1");
                positionQueries.put(node, ps);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : UNKNOWN;
            }
        } catch (SQLException e) {
            drop(node);
            return UNKNOWN;
        }
    }

    /** The positions of several followers, in order. */
    long[] applied(List<String> nodes) {
        long[] out = new long[nodes.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = applied(nodes.get(i));
        }
        return out;
    }

    long head(String leader) throws SQLException {
        Connection c = connection(leader);
        try {
            return LogSchema.head(c);
        } catch (SQLException e) {
            drop(leader);
            throw e;
        }
    }

    Optional<SyncState> state(String leader) throws SQLException {
        Connection c = connection(leader);
        try {
            return SyncSchema.read(c);
        } catch (SQLException e) {
            drop(leader);
            throw e;
        }
    }

    boolean compareAndSet(String leader, SyncState expected, List<String> set, long degradedSinceUs, boolean countFallback) throws SQLException {
        Connection c = connection(leader);
        try {
            return SyncSchema.compareAndSet(c, expected, set, degradedSinceUs, countFallback);
        } catch (SQLException e) {
            drop(leader);
            throw e;
        }
    }

    /** Whether a node failed less than the back-off ago (no new connection attempt yet; the back-off is not extended). */
    private boolean backingOff(String node) {
        Long at = conns.containsKey(node) ? null : retryAt.get(node);
        return at != null && System.nanoTime() < at;
    }

    private Connection connection(String node) throws SQLException {
        Connection c = conns.get(node);
        if (c != null) {
            return c;
        }
        if (backingOff(node)) {
            throw new SQLException("node " + node + " did not answer recently; retrying shortly", "08S01");
        }
        try {
            c = opener.open(node);
            // Each query is its own snapshot: a REPEATABLE READ transaction would keep returning the first position.
            c.setAutoCommit(true);
            // A hung (not dead) node must not stall every waiting commit's poller for ever.
            c.setNetworkTimeout(Runnable::run, 2000);
        } catch (SQLException e) {
            retryAt.put(node, System.nanoTime() + RETRY_NANOS);
            throw e;
        }
        retryAt.remove(node);
        conns.put(node, c);
        return c;
    }

    private void drop(String node) {
        positionQueries.remove(node);
        Connection c = conns.remove(node);
        retryAt.put(node, System.nanoTime() + RETRY_NANOS);
        if (c != null) {
            try {
                c.abort(Runnable::run);
            } catch (SQLException | RuntimeException ignored) {
                // Already broken.
            }
        }
    }

    @Override
    public void close() {
        for (String n : List.copyOf(conns.keySet())) {
            Connection c = conns.remove(n);
            try {
                c.close();
            } catch (SQLException ignored) {
                // Closing is best effort.
            }
        }
        positionQueries.clear();
    }
}
