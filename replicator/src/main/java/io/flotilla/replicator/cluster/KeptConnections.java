package io.flotilla.replicator.cluster;

import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One long-lived replicator connection per node for a periodic task (a heartbeat, a maintenance tick), opened on first
 * use and dropped when a statement on it fails.
 *
 * <p>Why: opening a Connector/J connection costs both sides a login, a variables query and a thread hand-off, and
 * opening one per heartbeat (every node, every 500 ms) and per maintenance tick (every 200 ms) made an idle cluster
 * accept about nine connections a second. Every read on a kept connection, the login included, is bounded by the
 * socket timeout, so a hung node fails the round instead of holding the task. A kept connection that a restarted
 * node closed fails at once and is replaced by a fresh one in the same round, so a restart costs no round.
 *
 * <p>Used by one thread at a time (its task's); {@link #close()} may come from another.
 */
public final class KeptConnections implements AutoCloseable {

    /** Work done on a node's connection: reads in autocommit mode (no transaction left open, no state changed). */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final Nodes nodes;
    private final int socketTimeoutMs;
    private final Map<String, Connection> open = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param socketTimeoutMs how long any read on these connections (login included) may wait for the node before the
     *                        round fails
     */
    public KeptConnections(Nodes nodes, int socketTimeoutMs) {
        this.nodes = nodes;
        this.socketTimeoutMs = socketTimeoutMs;
    }

    /** Runs {@code work} on {@code node}'s kept connection, opening one when there is none (or the kept one died). */
    public <T> T with(String node, Work<T> work) throws SQLException {
        if (closed) {
            throw new SQLException("the kept connections are closed", "08003");
        }
        Connection kept = open.remove(node);
        if (kept != null) {
            try {
                return runAndKeep(node, kept, work);
            } catch (SQLException e) {
                if (!closedByPeer(e)) {
                    throw e;
                }
                // The node closed it (a restart, a KILL): that says nothing about the node now, so ask a fresh one.
            }
        }
        return runAndKeep(node, nodes.replicator(node, socketTimeoutMs), work);
    }

    private <T> T runAndKeep(String node, Connection c, Work<T> work) throws SQLException {
        boolean ok = false;
        try {
            T result = work.run(c);
            ok = true;
            return result;
        } finally {
            if (ok && !closed) {
                open.put(node, c);
            } else {
                closeQuietly(c); // its state is unknown after a failure: the next use starts afresh
            }
        }
    }

    /** A connection-level failure that is not a timeout: the socket was closed under it. */
    private static boolean closedByPeer(SQLException e) {
        if (e.getSQLState() == null || !e.getSQLState().startsWith("08")) {
            return false;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return false;
            }
        }
        return true;
    }

    /** Closes the connections of every node but {@code node} (the task moved on, as to a new leader). */
    public void keepOnly(String node) {
        open.entrySet().removeIf(e -> {
            boolean other = !e.getKey().equals(node);
            if (other) {
                closeQuietly(e.getValue());
            }
            return other;
        });
    }

    /** How many connections are kept now (for tests and status). */
    public int size() {
        return open.size();
    }

    @Override
    public void close() {
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
