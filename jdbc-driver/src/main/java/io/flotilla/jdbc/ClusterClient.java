package io.flotilla.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.flotilla.replicator.cluster.Nodes;
import io.flotilla.replicator.config.ClusterConfig.UnsafePolicy;
import io.flotilla.replicator.log.AckWaiter;
import io.flotilla.replicator.log.LogWriter;
import io.flotilla.replicator.sync.SyncAckTracker;
import io.flotilla.routing.config.HostPort;
import io.flotilla.routing.route.LoadBalancer;
import io.flotilla.routing.route.NodeView;
import io.flotilla.routing.route.Router;
import io.flotilla.routing.route.RoutingRules;
import io.flotilla.routing.route.RoutingMetrics;
import io.flotilla.routing.sql.CachingAnalyzer;
import io.flotilla.routing.sql.LexicalAnalyzer;
import io.flotilla.routing.sql.StatementAnalyzer;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Everything connections to one cluster share: topology, one HikariCP pool per node, the log writer, the router. */
final class ClusterClient implements AutoCloseable {

    private volatile Topology topology;
    private volatile Members members;
    private final List<HostPort> seeds;
    private final String database;
    private final ClusterDiscovery discovery;
    /** Set when the leader's backend failed: the next leader borrow looks for a new leader instead of waiting on a pool. */
    private volatile boolean leaderSuspect;
    private final DriverSettings settings;
    private final Map<String, HikariDataSource> pools = new java.util.concurrent.ConcurrentHashMap<>();
    private final StatementAnalyzer analyzer = new CachingAnalyzer(new LexicalAnalyzer(), 10_000);
    private final LogWriter writer;
    private final Optional<SyncAckTracker> syncAcks;
    private final Router router;
    private final RoutingMetrics metrics = new RoutingMetrics();
    private final FollowerPositions positions;
    private final RoutingMetricsMBean mbean;

    ClusterClient(FlotillaUrl url, DriverSettings settings) throws SQLException {
        this.settings = settings;
        this.seeds = url.hosts();
        this.database = url.database();
        this.discovery = new ClusterDiscovery(settings.user(), settings.password());
        this.topology = discovery.discover(url.hosts());
        for (Map.Entry<String, HostPort> e : topology.nodes().entrySet()) {
            pools.put(e.getKey(), pool(e.getKey(), e.getValue(), url.database()));
        }
        try (Connection leader = leaderConnection()) {
            this.syncAcks = DriverSyncAcks.start(() -> topology, settings, leader);
        } catch (SQLException e) {
            pools.values().forEach(HikariDataSource::close);
            throw e;
        }
        this.writer = new LogWriter(analyzer, () -> topology.epoch(), UnsafePolicy.REJECT, () -> {
            try {
                return leaderConnection();
            } catch (SQLException ex) {
                throw new IllegalStateException("cannot open a second leader connection for a DDL: " + ex.getMessage(), ex);
            }
        }, syncAcks.<AckWaiter>map(t -> t).orElse(AckWaiter.NONE));
        // The driver records one decision per statement itself: re-checks while a read waits are not decisions.
        this.router = RoutingRules.router(settings.rules(), settings.user(),
                LoadBalancer.named(settings.loadBalancer(), FlotillaProperty.LOAD_BALANCER.key()), null);
        this.positions = new FollowerPositions(this::probeConnection, Duration.ofMillis(settings.positionMaxAgeMs()));
        this.mbean = new RoutingMetricsMBean(metrics, url.hosts() + "/" + url.database() + "/" + settings.user());
    }

    private HikariDataSource pool(String node, HostPort hp, String database) {
        HikariConfig c = new HikariConfig();
        c.setPoolName("flotilla-" + node);
        c.setJdbcUrl("jdbc:mysql://" + hp.host() + ":" + hp.port() + "/" + database + "?" + Nodes.OPTIONS
                + (settings.backendOption("socketFactory").isPresent() ? "" : "&socketFactory=" + BlockingSocketFactory.class.getName())
                + settings.backendOptions());
        c.setUsername(settings.user());
        c.setPassword(settings.password());
        c.setMaximumPoolSize(settings.poolMaxSize());
        c.setMinimumIdle(0);
        // A borrow from a dead node waits this long (the pool retries the connect meanwhile): 2 s keeps a probe that
        // hits a just-killed leader within the failover detection time (failover.timeout-ms).
        c.setConnectionTimeout(2_000);
        c.setInitializationFailTimeout(-1);
        return new HikariDataSource(c);
    }

    /**
     * Whether this client still describes the cluster at its addresses: same cluster id, leader, epoch and routable
     * members. A cluster rebuilt on the same ports, a new leader, or a follower that joined (caught up after
     * provisioning) or is being rebuilt makes the caller discover again.
     */
    boolean stillCurrent() {
        if (leaderSuspect) {
            // The leader failed: follow a failover in place rather than dropping the pools other connections use.
            rediscover();
            return true;
        }
        try (Connection c = leaderConnection()) {
            Topology now = ClusterDiscovery.read(c);
            if (!now.clusterId().equals(topology.clusterId())) {
                return false;
            }
            if (!now.leader().equals(topology.leader()) || now.epoch() != topology.epoch() || !now.nodes().equals(topology.nodes())) {
                rediscover();
            }
            return true;
        } catch (SQLException e) {
            leaderSuspect = true;
            return true;
        }
    }

    /**
     * Asks every known node (URL hosts and members) for the cluster record and adopts a newer epoch, or the same
     * epoch with changed members (a node excluded); true when the leader or epoch changed.
     */
    boolean rediscover() {
        synchronized (pools) {
            Topology old = topology;
            java.util.LinkedHashSet<HostPort> hosts = new java.util.LinkedHashSet<>(seeds);
            hosts.addAll(old.nodes().values());
            Topology now;
            try {
                now = discovery.discover(List.copyOf(hosts));
            } catch (SQLException e) {
                return false;
            }
            if (!now.clusterId().equals(old.clusterId()) || now.epoch() < old.epoch()
                    || (now.epoch() == old.epoch() && now.equals(old))) {
                return false;
            }
            for (Map.Entry<String, HostPort> e : now.nodes().entrySet()) {
                pools.computeIfAbsent(e.getKey(), k -> pool(k, e.getValue(), database));
            }
            topology = now;
            boolean changed = !now.leader().equals(old.leader()) || now.epoch() != old.epoch();
            if (changed) {
                leaderSuspect = false;
                // Pooled backends of the old leader would only meet read_only or a dead socket.
                HikariDataSource oldLeader = pools.get(old.leader());
                if (oldLeader != null && oldLeader.getHikariPoolMXBean() != null) {
                    oldLeader.getHikariPoolMXBean().softEvictConnections();
                }
                metrics.increment("leader-changed");
                syncAcks.ifPresent(SyncAckTracker::leaderChanged);
            }
            return changed;
        }
    }

    /** Records that the leader's backend failed with a connection error. */
    void leaderFailed() {
        leaderSuspect = true;
    }

    /** Rediscovers until the epoch is above {@code epoch} or {@code waitMs} pass; true when a new leader was found. */
    boolean awaitNewLeader(long epoch, long waitMs) {
        long deadline = System.currentTimeMillis() + waitMs;
        while (true) {
            rediscover();
            if (topology.epoch() > epoch) {
                return true;
            }
            if (System.currentTimeMillis() >= deadline) {
                return false;
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    Topology topology() {
        return topology;
    }

    StatementAnalyzer analyzer() {
        return analyzer;
    }

    LogWriter writer() {
        return writer;
    }

    Router router() {
        return router;
    }

    RoutingMetrics metrics() {
        return metrics;
    }

    DriverSettings settings() {
        return settings;
    }

    Connection leaderConnection() throws SQLException {
        if (leaderSuspect) {
            rediscover();
            if (leaderSuspect) {
                probeLeader();
            }
        }
        try {
            return pools.get(topology.leader()).getConnection();
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("08")) {
                leaderSuspect = true;
            }
            throw e;
        }
    }

    /** Fails fast (08001) while the suspected leader refuses connections, instead of waiting out the pool's timeout. */
    private void probeLeader() throws SQLException {
        Topology t = topology;
        HostPort hp = t.nodes().get(t.leader());
        java.util.Properties p = new java.util.Properties();
        p.setProperty("user", settings.user());
        p.setProperty("password", String.valueOf(settings.password()));
        p.setProperty("connectTimeout", "1000");
        p.setProperty("useSSL", "false");
        p.setProperty("allowPublicKeyRetrieval", "true");
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:mysql://" + hp.host() + ":" + hp.port() + "/", p)) {
            leaderSuspect = false;
        } catch (SQLException e) {
            throw new SQLException("the leader " + t.leader() + " (epoch " + t.epoch() + ") is unreachable and no new leader is"
                    + " known yet; retry when the failover completes: " + e.getMessage(), "08001", e);
        }
    }

    Connection connection(String node) throws SQLException {
        HikariDataSource ds = pools.get(node);
        if (ds == null) {
            throw new SQLException("unknown node '" + node + "'; the cluster has " + topology.nodes().keySet(), "08001");
        }
        return ds.getConnection();
    }

    /** Removes a broken backend connection from its pool instead of returning it. */
    void evict(String node, Connection c) {
        HikariDataSource ds = pools.get(node == null ? topology.leader() : node);
        if (ds != null) {
            ds.evictConnection(c);
        }
    }

    private Connection probeConnection(String node) throws SQLException {
        Topology t = topology;
        if (leaderSuspect && node.equals(t.leader())) {
            // Position probes must not queue on the pool of a leader that just failed (reads go on meanwhile).
            throw new SQLException("the leader " + node + " is suspected down", "08001");
        }
        return connection(node);
    }

    /** The leader and every follower as the router sees them now. */
    List<NodeView> views(boolean refresh) {
        Topology t = topology;
        List<String> names = followersOf(t);
        List<NodeView> followers = refresh
                ? positions.refresh(t.leader(), names, t.epoch())
                : positions.views(t.leader(), names, t.epoch());
        List<NodeView> out = new ArrayList<>(followers.size() + 1);
        out.add(new NodeView(t.leader(), true, true, Long.MAX_VALUE, t.epoch(), 0, 0));
        out.addAll(followers);
        return out;
    }

    /** The follower names of {@code t}, computed once per topology: every routed statement asks. */
    private List<String> followersOf(Topology t) {
        Members m = members;
        if (m == null || m.topology() != t) {
            m = new Members(t, t.followers());
            members = m;
        }
        return m.followers();
    }

    /** A topology with its follower names (one volatile read gives both). */
    private record Members(Topology topology, List<String> followers) {}

    FollowerPositions positions() {
        return positions;
    }

    @Override
    public void close() {
        // Writes still waiting for an acknowledgement fail explicitly (committed, unacknowledged) instead of hanging.
        syncAcks.ifPresent(SyncAckTracker::close);
        mbean.close();
        positions.close();
        pools.values().forEach(HikariDataSource::close);
    }
}
