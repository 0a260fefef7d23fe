package io.flotilla.replicator.cluster;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * One long-lived replicator connection per node for a periodic task (a heartbeat, a maintenance tick), opened on first
 * use and dropped when a statement on it fails, so the next round opens a fresh one.
 *
 * <p>Why: opening a Connector/J connection costs both sides a login, a variables query and a thread hand-off, and
 * opening one per heartbeat (every node, every 500 ms) and per maintenance tick (every 200 ms) made an idle cluster
 * accept about nine connections a second. Reads on a kept connection also notice a dead node at once (the socket
 * fails); a hung one is noticed by the network timeout, which bounds every statement on a kept connection.
 */
public final class KeptConnections implements AutoCloseable {

    /** Work done on a node's connection: reads only, since a failure drops the connection mid-way. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final Nodes nodes;
    private final int networkTimeoutMs;
    /** Guarded by this: the owner's thread uses it, close() may come from a shutdown hook. */
    private final Map<String, Connection> open = new HashMap<>();
    private boolean closed;

    /**
     * @param networkTimeoutMs how long a statement on a kept connection may wait for the node before it fails (and the
     *                         node counts as unreachable this round)
     */
    public KeptConnections(Nodes nodes, int networkTimeoutMs) {
        this.nodes = nodes;
        this.networkTimeoutMs = networkTimeoutMs;
    }

    /** Runs {@code work} on {@code node}'s kept connection, opening one when there is none. */
    public synchronized <T> T with(String node, Work<T> work) throws SQLException {
        if (closed) {
            throw new SQLException("the kept connections are closed", "08003");
        }
        Connection c = open.remove(node);
        if (c == null) {
            c = nodes.replicator(node);
            try {
                c.setNetworkTimeout(Runnable::run, networkTimeoutMs);
            } catch (SQLException | RuntimeException e) {
                closeQuietly(c);
                throw e;
            }
        }
        try {
            T result = work.run(c);
            open.put(node, c);
            return result;
        } catch (SQLException | RuntimeException e) {
            closeQuietly(c); // its state is unknown after a failure: the next round starts afresh
            throw e;
        }
    }

    /** How many connections are kept now (for tests and status). */
    public synchronized int size() {
        return open.size();
    }

    @Override
    public synchronized void close() {
        closed = true;
        open.values().forEach(KeptConnections::closeQuietly);
        open.clear();
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // Dropping it is all that is left to do.
        }
    }
}
