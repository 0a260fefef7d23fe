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

    private final Topology topology;
    private final DriverSettings settings;
    private final Map<String, HikariDataSource> pools = new LinkedHashMap<>();
    private final StatementAnalyzer analyzer = new CachingAnalyzer(new LexicalAnalyzer(), 10_000);
    private final LogWriter writer;
    private final Optional<SyncAckTracker> syncAcks;
    private final Router router;
    private final RoutingMetrics metrics = new RoutingMetrics();
    private final FollowerPositions positions;
    private final RoutingMetricsMBean mbean;

    ClusterClient(FlotillaUrl url, DriverSettings settings) throws SQLException {
        this.settings = settings;
        this.topology = new ClusterDiscovery(settings.user(), settings.password()).discover(url.hosts());
        for (Map.Entry<String, HostPort> e : topology.nodes().entrySet()) {
            pools.put(e.getKey(), pool(e.getKey(), e.getValue(), url.database()));
        }
        try (Connection leader = leaderConnection()) {
            this.syncAcks = DriverSyncAcks.start(topology, settings, leader);
        } catch (SQLException e) {
            pools.values().forEach(HikariDataSource::close);
            throw e;
        }
        this.writer = new LogWriter(analyzer, topology::epoch, UnsafePolicy.REJECT, () -> {
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
        c.setJdbcUrl("jdbc:mysql://" + hp.host() + ":" + hp.port() + "/" + database + "?" + Nodes.OPTIONS + settings.backendOptions());
        c.setUsername(settings.user());
        c.setPassword(settings.password());
        c.setMaximumPoolSize(settings.poolMaxSize());
        c.setMinimumIdle(0);
        c.setConnectionTimeout(5_000);
        c.setInitializationFailTimeout(-1);
        return new HikariDataSource(c);
    }

    /**
     * Whether this client still describes the cluster at its addresses: same cluster id, leader, epoch and routable
     * members. A cluster rebuilt on the same ports, a new leader, or a follower that joined (caught up after
     * provisioning) or is being rebuilt makes the caller discover again.
     */
    boolean stillCurrent() {
        try (Connection c = leaderConnection()) {
            Topology now = ClusterDiscovery.read(c);
            return now.clusterId().equals(topology.clusterId()) && now.leader().equals(topology.leader())
                    && now.epoch() == topology.epoch() && now.nodes().equals(topology.nodes());
        } catch (SQLException e) {
            return false;
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
        return pools.get(topology.leader()).getConnection();
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
        return connection(node);
    }

    /** The leader and every follower as the router sees them now. */
    List<NodeView> views(boolean refresh) {
        List<NodeView> followers = refresh
                ? positions.refresh(topology.leader(), topology.followers(), topology.epoch())
                : positions.views(topology.leader(), topology.followers(), topology.epoch());
        List<NodeView> out = new ArrayList<>(followers.size() + 1);
        out.add(new NodeView(topology.leader(), true, true, Long.MAX_VALUE, topology.epoch(), 0, 0));
        out.addAll(followers);
        return out;
    }

    FollowerPositions positions() {
        return positions;
    }

    @Override
    public void close() {
        // Writes still waiting for an acknowledgement fail explicitly (committed, unacknowledged) instead of hanging.
        syncAcks.ifPresent(SyncAckTracker::close);
        mbean.close();
        pools.values().forEach(HikariDataSource::close);
    }
}
