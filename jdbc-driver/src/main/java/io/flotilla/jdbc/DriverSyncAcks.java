package io.flotilla.jdbc;

import io.flotilla.replicator.cluster.Nodes;
import io.flotilla.replicator.config.ClusterProperty;
import io.flotilla.replicator.sync.SyncAckTracker;
import io.flotilla.replicator.sync.SyncSchema;
import io.flotilla.replicator.sync.SyncState;
import io.flotilla.routing.config.HostPort;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;

/**
 * Starts the driver's acknowledgement tracker when the cluster runs semi-sync or sync (learnt from the leader's
 * {@code flotilla.replication} at discovery), so that a write through the driver returns only once acknowledged.
 */
final class DriverSyncAcks {

    /** The driver cannot read the cluster's poll setting, so it polls at that setting's default. */
    private static final long POLL_MICROS = Long.parseLong(ClusterProperty.REPLICATION_POLL_MIN_US.spec().defaultValue());

    private DriverSyncAcks() {
    }

    /** A tracker for a waiting mode, or empty in async mode (or on a cluster that predates replication modes). */
    static Optional<SyncAckTracker> start(Topology topology, DriverSettings settings, Connection leader) throws SQLException {
        Optional<SyncState> state = SyncSchema.read(leader);
        if (state.isEmpty() || !state.get().settings().waits()) {
            return Optional.empty();
        }
        // Its own connections, outside the pools: the poller keeps one per node open and must not take a slot
        // an application connection is waiting for.
        return Optional.of(new SyncAckTracker(state.get(), topology::leader, topology::followers,
                node -> open(topology, settings, node), POLL_MICROS));
    }

    private static Connection open(Topology topology, DriverSettings settings, String node) throws SQLException {
        HostPort hp = topology.nodes().get(node);
        if (hp == null) {
            throw new SQLException("unknown node '" + node + "'", "08001");
        }
        Properties p = new Properties();
        p.setProperty("user", settings.user());
        p.setProperty("password", settings.password());
        return DriverManager.getConnection("jdbc:mysql://" + hp.host() + ":" + hp.port() + "/?" + Nodes.OPTIONS, p);
    }
}
