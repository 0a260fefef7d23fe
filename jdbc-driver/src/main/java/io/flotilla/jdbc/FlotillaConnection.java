package io.flotilla.jdbc;

import io.flotilla.jdbc.base.UnsupportedConnection;
import io.flotilla.replicator.log.LoggedSession;
import io.flotilla.routing.route.ConsistencyLevel;
import io.flotilla.routing.route.ConsistencyToken;
import io.flotilla.routing.route.NodeView;
import io.flotilla.routing.route.Route;
import io.flotilla.routing.route.RouteContext;
import io.flotilla.routing.route.SessionPosition;
import io.flotilla.routing.sql.StatementInfo;
import java.sql.ClientInfoStatus;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Flotilla session: writes through the binlog writer on the leader, reads on a follower whose applied position
 * covers what this session wrote (and, for monotonic reads, saw), with the position portable as a token.
 */
public final class FlotillaConnection extends UnsupportedConnection {

    /** The client-info key (and connection property) that carries the consistency token. */
    public static final String TOKEN_KEY = "flotilla.token";
    private static final Logger LOG = LoggerFactory.getLogger(FlotillaConnection.class);

    private final ClusterClient client;
    private final DriverSettings settings;
    private final SessionPosition position = new SessionPosition();
    private final Map<String, Connection> followers = new LinkedHashMap<>();
    private final List<String> sessionSets = new ArrayList<>();
    private final Properties clientInfo = new Properties();
    private ConsistencyLevel level;
    private LoggedSession leader;
    /** The epoch the leader session was opened in: a session of a replaced leader is not reused. */
    private long leaderEpoch;
    private String leaderNode;
    private boolean autocommit = true;
    private boolean readOnly;
    private boolean closed;
    private int isolation = Connection.TRANSACTION_REPEATABLE_READ;
    private String catalog;
    private String pinned;
    private String lastFollower;
    private int networkTimeout;

    FlotillaConnection(ClusterClient client, DriverSettings settings, String database) throws SQLException {
        this.client = client;
        this.settings = settings;
        this.level = settings.consistency();
        this.catalog = database;
        if (settings.token() != null) {
            requireToken(settings.token());
        }
    }

    /** This session's position as an opaque token (also {@code getClientInfo("flotilla.token")}). */
    public String consistencyToken() {
        return position.toToken().encode();
    }

    /**
     * Reads on this connection will not see data older than the token's position. A token this cluster cannot
     * satisfy (a newer epoch, or a position past the leader's newest entry: another cluster's token, or writes a
     * failed leader lost) is ignored with a warning, since waiting for it would never end.
     */
    public void requireToken(String token) throws SQLException {
        ConsistencyToken t;
        try {
            t = ConsistencyToken.decode(token);
        } catch (IllegalArgumentException e) {
            throw new SQLException("invalid " + TOKEN_KEY + ": " + e.getMessage(), "22023");
        }
        long epoch = client.topology().epoch();
        if (t.epoch() > epoch || (t.epoch() == epoch && Math.max(t.writeLsn(), t.seenLsn())
                > client.positions().freshHead(client.topology().leader()))) {
            LOG.warn("ignoring a {} this cluster cannot satisfy (epoch {}, LSN {}; cluster epoch {})",
                    TOKEN_KEY, t.epoch(), Math.max(t.writeLsn(), t.seenLsn()), epoch);
            client.metrics().increment("token-ignored");
            return;
        }
        position.merge(t);
    }

    /** Changes this session's default consistency ({@code strong}, {@code read-your-writes}, …). */
    public void setConsistency(String text) throws SQLException {
        try {
            level = ConsistencyLevel.parse(text, FlotillaProperty.CONSISTENCY.key());
        } catch (RuntimeException e) {
            throw new SQLException(e.getMessage(), "22023", e);
        }
    }

    /** Routing decisions counted so far by this connection's cluster client, by reason and target. */
    public Map<String, Long> routingMetrics() {
        return client.metrics().snapshot();
    }

    SessionPosition position() {
        return position;
    }

    ClusterClient client() {
        return client;
    }

    boolean inTransaction() {
        // The leader session also knows about SET autocommit / START TRANSACTION sent as SQL text.
        return !getAutoCommitState() || (leader != null && leader.inTransaction());
    }

    private boolean getAutoCommitState() {
        return autocommit && (leader == null || leader.autoCommit());
    }

    /** Decides where a statement goes, waiting up to consistency.wait-ms for a follower that is fresh enough. */
    Route route(StatementInfo info) throws SQLException {
        Route r = decide(info);
        client.metrics().record(r);
        return r;
    }

    private Route decide(StatementInfo info) throws SQLException {
        boolean tx = inTransaction();
        List<NodeView> views = client.views(false);
        Route r = client.router().route(info, context(tx, views));
        if (!r.mustWait()) {
            return withAffinity(r, views);
        }
        client.metrics().increment("waits");
        long deadline = System.nanoTime() + settings.waitMs() * 1_000_000L;
        do {
            // A cached position may simply be old: read the followers again before refusing them.
            List<NodeView> fresh = client.views(true);
            r = client.router().route(info, context(tx, fresh));
            if (!r.mustWait()) {
                return withAffinity(r, fresh);
            }
            pause();
        } while (System.nanoTime() < deadline);
        if (settings.fallbackToLeader()) {
            LOG.debug("no follower reached LSN {} within {} ms; reading on the leader", r.requiredLsn(), settings.waitMs());
            return Route.leader("fallback-leader", r.consistency());
        }
        throw new SQLException("no follower reached LSN " + r.requiredLsn() + " within consistency.wait-ms=" + settings.waitMs()
                + " (consistency.fallback=error)", "HY000");
    }

    /**
     * Keeps the session on the follower it last read from when the balancer chose another one that is no better:
     * hopping between servers per statement costs more than it balances (measured: about a third of point-select
     * throughput on a 2-core machine). Only plain balancer choices move; rules, hints and pinning stand.
     */
    private Route withAffinity(Route r, List<NodeView> views) {
        if (r.toLeader() || !"follower".equals(r.reason())) {
            return r;
        }
        String previous = lastFollower;
        lastFollower = r.node();
        if (!settings.sessionAffinity() || previous == null || previous.equals(r.node())) {
            return r;
        }
        long maxLag = r.consistency() instanceof ConsistencyLevel.Bounded b ? b.maxLagMillis() : Long.MAX_VALUE;
        for (NodeView v : views) {
            if (v.name().equals(previous) && !v.leader() && v.healthy() && v.epoch() >= position.epoch()
                    && v.appliedLsn() >= r.requiredLsn() && v.lagMillis() <= maxLag) {
                lastFollower = previous;
                return Route.follower(previous, r.reason(), r.consistency(), r.requiredLsn());
            }
        }
        return r;
    }

    private RouteContext context(boolean tx, List<NodeView> views) {
        return new RouteContext(tx && !readOnly, tx && readOnly, pinned, level, position, views);
    }

    private static void pause() {
        try {
            // Followers apply within a millisecond or two on a LAN; a short poll keeps read-your-writes reads cheap.
            Thread.sleep(0, 500_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The leader session, opened on first use with this connection's state. */
    LoggedSession leader() throws SQLException {
        checkOpen();
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
                if (catalog != null && !catalog.equals(c.getCatalog())) {
                    c.setCatalog(catalog);
                }
                // Log order needs locking reads in writes: the leader never runs below REPEATABLE READ.
                c.setTransactionIsolation(Math.max(isolation, Connection.TRANSACTION_REPEATABLE_READ));
                leader = new LoggedSession(client.writer(), c);
                leader.setAutoCommit(autocommit);
            } catch (SQLException e) {
                c.close();
                throw e;
            }
        }
        return leader;
    }

    /** A follower backend for this session, with the session's catalog, isolation and SET statements applied. */
    Connection follower(String node) throws SQLException {
        checkOpen();
        Connection c = followers.get(node);
        if (c == null) {
            c = client.connection(node);
            try {
                c.setAutoCommit(true);
                if (catalog != null && !catalog.equals(c.getCatalog())) {
                    c.setCatalog(catalog);
                }
                c.setTransactionIsolation(isolation);
                try (Statement st = c.createStatement()) {
                    for (String set : sessionSets) {
                        st.execute(set);
                    }
                }
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            followers.put(node, c);
        }
        if (inTransaction() && readOnly && node.equals(pinned) && c.getAutoCommit()) {
            // A read-only transaction reads one snapshot of one follower.
            c.setAutoCommit(false);
        }
        return c;
    }

    /** Pins a read-only transaction to the follower that served its first read. */
    void pinIfReadOnlyTransaction(String node) {
        if (inTransaction() && readOnly && pinned == null) {
            pinned = node;
        }
    }

    /** Records a SET the application ran, so follower backends get the same session state. */
    void rememberSet(String sql) throws SQLException {
        sessionSets.add(sql);
        for (Connection c : followers.values()) {
            try (Statement st = c.createStatement()) {
                st.execute(sql);
            }
        }
    }

    void afterWrite(long lsn) {
        if (lsn > 0) {
            position.recordWrite(client.topology().epoch(), lsn);
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

    /** Drops a backend that failed with a connection error (SQLState 08…), evicting it from its pool. */
    void dropBackend(String node) {
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

    @Override
    public Statement createStatement() throws SQLException {
        checkOpen();
        return new FlotillaStatement(this, null, false);
    }

    @Override
    public Statement createStatement(int type, int concurrency) throws SQLException {
        return createStatement();
    }

    @Override
    public Statement createStatement(int type, int concurrency, int holdability) throws SQLException {
        return createStatement();
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        checkOpen();
        return new FlotillaStatement(this, sql, false);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        checkOpen();
        return new FlotillaStatement(this, sql, autoGeneratedKeys == Statement.RETURN_GENERATED_KEYS);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        checkOpen();
        return new FlotillaStatement(this, sql, true);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        checkOpen();
        return new FlotillaStatement(this, sql, true);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int type, int concurrency) throws SQLException {
        return prepareStatement(sql);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int type, int concurrency, int holdability) throws SQLException {
        return prepareStatement(sql);
    }

    @Override
    public String nativeSQL(String sql) {
        return sql;
    }

    @Override
    public void setAutoCommit(boolean on) throws SQLException {
        checkOpen();
        if (on && !autocommit) {
            commit();
        }
        autocommit = on;
        if (leader != null) {
            leader.setAutoCommit(on);
        }
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        checkOpen();
        if (leader != null) {
            autocommit = leader.autoCommit();
        }
        return autocommit;
    }

    @Override
    public void commit() throws SQLException {
        checkOpen();
        try {
            if (leader != null) {
                leader.commit();
                afterWrite(leader.lastLsn());
            }
        } finally {
            endPinned(true);
        }
    }

    @Override
    public void rollback() throws SQLException {
        checkOpen();
        try {
            if (leader != null) {
                leader.rollback();
            }
        } finally {
            endPinned(false);
        }
    }

    private void endPinned(boolean commit) throws SQLException {
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

    @Override
    public void setReadOnly(boolean ro) throws SQLException {
        checkOpen();
        readOnly = ro;
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        checkOpen();
        return readOnly;
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        checkOpen();
        isolation = level;
        if (leader != null) {
            leader.connection().setTransactionIsolation(Math.max(level, Connection.TRANSACTION_REPEATABLE_READ));
        }
        for (Connection c : followers.values()) {
            c.setTransactionIsolation(level);
        }
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        checkOpen();
        return isolation;
    }

    @Override
    public void setCatalog(String c) throws SQLException {
        checkOpen();
        catalog = c;
        if (leader != null) {
            leader.execute("USE `" + c.replace("`", "``") + "`", List.of());
        }
        for (Connection f : followers.values()) {
            f.setCatalog(c);
        }
    }

    @Override
    public String getCatalog() throws SQLException {
        checkOpen();
        return catalog;
    }

    @Override
    public void setSchema(String schema) throws SQLException {
        setCatalog(schema);
    }

    @Override
    public String getSchema() throws SQLException {
        return getCatalog();
    }

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        return leader().connection().getMetaData();
    }

    @Override
    public boolean isValid(int timeout) {
        return !closed;
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        return null;
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
    }

    @Override
    public int getHoldability() {
        return ResultSet.CLOSE_CURSORS_AT_COMMIT;
    }

    @Override
    public void setHoldability(int holdability) {
        // MySQL has one holdability; accepted and ignored, as Connector/J does.
    }

    @Override
    public void setNetworkTimeout(Executor executor, int millis) {
        networkTimeout = millis;
    }

    @Override
    public int getNetworkTimeout() {
        return networkTimeout;
    }

    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        if (TOKEN_KEY.equals(name)) {
            try {
                requireToken(value);
            } catch (SQLException e) {
                throw new SQLClientInfoException(e.getMessage(), e.getSQLState(), Map.of(name, ClientInfoStatus.REASON_VALUE_INVALID), e);
            }
            return;
        }
        if (value == null) {
            clientInfo.remove(name);
        } else {
            clientInfo.setProperty(name, value);
        }
    }

    @Override
    public void setClientInfo(Properties props) throws SQLClientInfoException {
        for (String k : props.stringPropertyNames()) {
            setClientInfo(k, props.getProperty(k));
        }
    }

    @Override
    public String getClientInfo(String name) {
        return TOKEN_KEY.equals(name) ? consistencyToken() : clientInfo.getProperty(name);
    }

    @Override
    public Properties getClientInfo() {
        Properties p = new Properties();
        p.putAll(clientInfo);
        p.setProperty(TOKEN_KEY, consistencyToken());
        return p;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void abort(Executor executor) throws SQLException {
        close();
    }

    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        SQLException first = null;
        for (Map.Entry<String, Connection> f : followers.entrySet()) {
            Connection c = f.getValue();
            try {
                if (!c.getAutoCommit()) {
                    c.rollback();
                }
                if (!sessionSets.isEmpty()) {
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

    void checkOpen() throws SQLException {
        if (closed) {
            throw new SQLException("connection is closed", "08003");
        }
    }
}
