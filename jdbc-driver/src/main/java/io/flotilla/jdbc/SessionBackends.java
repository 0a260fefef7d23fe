package io.flotilla.jdbc;

import io.flotilla.replicator.log.LoggedSession;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backends one session holds (its leader session and one connection per follower it read from, with the follower
 * a read-only transaction is pinned to), opened with the session's state and kept in step with it.
 */
final class SessionBackends {
    private static final Logger LOG = LoggerFactory.getLogger(SessionBackends.class);

    private final ClusterClient client;
    private final DriverSettings settings;
    private final SessionState state;
    private final Map<String, Connection> followers = new LinkedHashMap<>();
    private LoggedSession leader;
    /** The epoch the leader session was opened in: a session of a replaced leader is not reused. */
    private long leaderEpoch;
    private String leaderNode;
    private String pinned;

    SessionBackends(ClusterClient client, DriverSettings settings, SessionState state) {
        this.client = client;
        this.settings = settings;
        this.state = state;
    }

    /** Whether a transaction is open (autocommit off, or START TRANSACTION / BEGIN sent as SQL). */
    boolean inTransaction() {
        // The leader session also knows about SET autocommit / START TRANSACTION sent as SQL text.
        boolean autocommit = state.autocommit() && (leader == null || leader.autoCommit());
        return !autocommit || (leader != null && leader.inTransaction());
    }

    /** The follower a read-only transaction reads from (null outside one, or before its first read). */
    String pinned() {
        return pinned;
    }

    /** The leader session, opened on first use with the session's state. */
    LoggedSession leader() throws SQLException {
        if (leader != null && leaderEpoch != client.topology().epoch() && !inTransaction()) {
            // A failover or switchover happened since this session was opened: move to the new leader.
            LoggedSession old = leader;
            leader = null;
            try {
                // Its pool was soft-evicted when the new leader was adopted: closing discards the backend.
                old.close();
            } catch (SQLException e) {
                LOG.debug("closing the session of the replaced leader {}: {}", leaderNode, e.getMessage());
            }
        }
        if (leader == null) {
            Topology t = client.topology();
            Connection c = client.leaderConnection();
            // Read before the borrow; if a rediscovery moved the leader meanwhile, the next statement notices.
            leaderEpoch = t.epoch();
            leaderNode = t.leader();
            try {
                timeoutOf(c);
                useCatalogOf(c);
                // Log order needs locking reads in writes: the leader never runs below REPEATABLE READ.
                c.setTransactionIsolation(Math.max(state.isolation(), Connection.TRANSACTION_REPEATABLE_READ));
                leader = new LoggedSession(client.writer(), c);
                leader.setAutoCommit(state.autocommit());
            } catch (SQLException e) {
                c.close();
                throw e;
            }
        }
        return leader;
    }

    /** A follower backend, with the session's catalog, isolation and SET statements applied. */
    Connection follower(String node) throws SQLException {
        Connection c = followers.get(node);
        if (c == null) {
            c = client.connection(node);
            try {
                timeoutOf(c);
                c.setAutoCommit(true);
                useCatalogOf(c);
                c.setTransactionIsolation(state.isolation());
                try (Statement st = c.createStatement()) {
                    for (String set : state.sessionSets()) {
                        st.execute(set);
                    }
                }
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            followers.put(node, c);
        }
        if (inTransaction() && state.readOnly() && node.equals(pinned) && c.getAutoCommit()) {
            // A read-only transaction reads one snapshot of one follower.
            c.setAutoCommit(false);
        }
        return c;
    }

    private void timeoutOf(Connection c) throws SQLException {
        if (state.networkTimeoutDiffersFromPool()) {
            c.setNetworkTimeout(Runnable::run, state.networkTimeout());
        }
    }

    /**
     * Sets the application's network timeout on every open backend and for later ones. Applied at once in this thread
     * (the session's backends are only used from here); the pool puts a backend's own timeout back when it returns.
     */
    void networkTimeout(int millis) throws SQLException {
        if (millis == state.networkTimeout()) {
            return;
        }
        state.networkTimeout(millis);
        if (leader != null) {
            leader.connection().setNetworkTimeout(Runnable::run, millis);
        }
        for (Connection c : followers.values()) {
            c.setNetworkTimeout(Runnable::run, millis);
        }
    }

    private void useCatalogOf(Connection c) throws SQLException {
        String catalog = state.catalog();
        if (catalog != null && !catalog.equals(c.getCatalog())) {
            c.setCatalog(catalog);
        }
    }

    /** Pins a read-only transaction to the follower that served its first read. */
    void pinIfReadOnlyTransaction(String node) {
        if (inTransaction() && state.readOnly() && pinned == null) {
            pinned = node;
        }
    }

    /** Records a SET the application ran, so follower backends get the same session state. */
    void rememberSet(String sql) throws SQLException {
        state.addSet(sql);
        for (Connection c : followers.values()) {
            try (Statement st = c.createStatement()) {
                st.execute(sql);
            }
        }
    }

    /** Sets the application's autocommit, on the leader session too when one is open. */
    void autoCommit(boolean on) throws SQLException {
        state.autocommit(on);
        if (leader != null) {
            leader.setAutoCommit(on);
        }
    }

    /** The application's autocommit, as the leader session (which sees SET autocommit sent as SQL) knows it. */
    boolean autoCommit() {
        if (leader != null) {
            state.autocommit(leader.autoCommit());
        }
        return state.autocommit();
    }

    /** Commits the leader session's transaction, if one is open; the LSN it was logged at (0: none). */
    long commitLeader() throws SQLException {
        if (leader == null) {
            return 0;
        }
        leader.commit();
        return leader.lastLsn();
    }

    void rollbackLeader() throws SQLException {
        if (leader != null) {
            leader.rollback();
        }
    }

    /** Ends a read-only transaction's snapshot on its pinned follower. */
    void endPinned(boolean commit) throws SQLException {
        if (pinned == null) {
            return;
        }
        Connection c = followers.get(pinned);
        pinned = null;
        if (c != null && !c.getAutoCommit()) {
            if (commit) {
                c.commit();
            } else {
                c.rollback();
            }
            c.setAutoCommit(true);
        }
    }

    /** Sets the isolation on every open backend (the leader's never below REPEATABLE READ) and for later ones. */
    void isolation(int level) throws SQLException {
        state.isolation(level);
        if (leader != null) {
            leader.connection().setTransactionIsolation(Math.max(level, Connection.TRANSACTION_REPEATABLE_READ));
        }
        for (Connection c : followers.values()) {
            c.setTransactionIsolation(level);
        }
    }

    /** Moves the session to database {@code c} once a backend accepted the name. */
    void useCatalog(String c) throws SQLException {
        if (leader != null) {
            // The leader refuses an unknown database (1049) before anything of this session has moved.
            leader.execute("USE `" + c.replace("`", "``") + "`", List.of());
        } else if (!followers.isEmpty()) {
            // No leader session to ask (none is opened just for this): an open follower backend checks the name.
            followers.values().iterator().next().setCatalog(c);
        }
        catalogChanged(c);
    }

    /**
     * The session's database is now {@code c} (setCatalog, or a USE the leader accepted): follower backends opened
     * later get it from {@link #follower(String)}, open ones move now. An open one that cannot (its node has not
     * applied the CREATE DATABASE yet) is given back, so the next read there opens a backend that gets it then;
     * only a read-only transaction's pinned follower fails the statement, since its snapshot cannot be reopened.
     */
    void catalogChanged(String c) throws SQLException {
        state.catalog(c);
        for (var it = followers.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Connection> f = it.next();
            try {
                f.getValue().setCatalog(c);
            } catch (SQLException e) {
                if (f.getKey().equals(pinned)) {
                    throw e;
                }
                LOG.debug("follower {} cannot use database {} yet: {}", f.getKey(), c, e.getMessage());
                it.remove();
                client.evict(f.getKey(), f.getValue());
            }
        }
    }

    /**
     * The leader refused a statement as read-only (error 1290: demoted by a switchover or failover). The session is
     * dropped so that the next statement opens one on the leader rediscovery finds; true when a newer epoch is
     * known within {@code failover.wait-ms}.
     */
    boolean leaderWasDemoted() {
        long epoch = leaderEpoch;
        if (leader != null && !inTransaction()) {
            try {
                leader.close();
            } catch (SQLException e) {
                LOG.debug("closing the session of the demoted leader {}: {}", leaderNode, e.getMessage());
            }
            leader = null;
        }
        return client.awaitNewLeader(epoch, inTransaction() ? 0 : settings.failoverWaitMs());
    }

    /** Drops a backend that failed with a connection error (SQLState 08…; null node: the leader), evicting it from its pool. */
    void drop(String node) {
        if (node == null) {
            if (leader != null) {
                client.evict(leaderNode, leader.connection());
                leader = null;
            }
            client.leaderFailed();
            return;
        }
        Connection c = followers.remove(node);
        if (c != null) {
            client.evict(node, c);
        }
        client.positions().markDown(node, client.topology().epoch());
        if (node.equals(pinned)) {
            pinned = null;
        }
    }

    /** Rolls back and gives back every backend; the first failure is thrown after all were tried. */
    void close() throws SQLException {
        SQLException first = null;
        for (Map.Entry<String, Connection> f : followers.entrySet()) {
            Connection c = f.getValue();
            try {
                if (!c.getAutoCommit()) {
                    c.rollback();
                }
                if (!state.sessionSets().isEmpty()) {
                    // SET statements changed the backend session: do not hand it to the next borrower.
                    client.evict(f.getKey(), c);
                } else {
                    c.close();
                }
            } catch (SQLException e) {
                first = first == null ? e : first;
            }
        }
        followers.clear();
        if (leader != null) {
            try {
                leader.close();
            } catch (SQLException e) {
                first = first == null ? e : first;
            }
            leader = null;
        }
        if (first != null) {
            throw first;
        }
    }
}
