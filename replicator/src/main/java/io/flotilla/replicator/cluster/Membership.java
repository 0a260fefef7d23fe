package io.flotilla.replicator.cluster;

import io.flotilla.replicator.config.ClusterConfig;
import io.flotilla.replicator.failover.Rejoin;
import io.flotilla.replicator.provision.CopyProgress;
import io.flotilla.replicator.provision.ProvisionResult;
import io.flotilla.routing.config.HostPort;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Membership changes of a running cluster: followers added or rebuilt from a snapshot, and members another process added. */
final class Membership {

    private static final Logger LOG = LoggerFactory.getLogger(Membership.class);

    private final FlotillaCluster cluster;
    private final FollowerProvisioning provisioning;
    /** Nodes whose copy is in progress in this process: not to be activated before their applier runs. */
    private final Set<String> provisioningNow = ConcurrentHashMap.newKeySet();

    Membership(FlotillaCluster cluster, FollowerProvisioning provisioning) {
        this.cluster = cluster;
        this.provisioning = provisioning;
    }

    FollowerProvisioning provisioning() {
        return provisioning;
    }

    boolean isProvisioning(String name) {
        return provisioningNow.contains(name);
    }

    /**
     * Nodes added at run time live in flotilla.nodes, not in the configuration file: the leader's list is merged
     * with the configuration at every start (embedded ones are started from their data directories).
     */
    void adoptListed() throws SQLException {
        Nodes nodes = cluster.nodes();
        for (FollowerProvisioning.Member m : provisioning.members(cluster.leader()).values()) {
            if (!nodes.names().contains(m.name())) {
                nodes.register(m.name(), m.address());
                startIfEmbeddedHere(m.name());
                try (Connection c = nodes.replicator(m.name())) {
                    Bootstrap.setReadOnly(c, true);
                }
            }
        }
    }

    /**
     * At start-up, before the leader is known: registers the members the configured nodes list beyond the
     * configuration (starting embedded ones), sets them read-only, and returns each reachable one's cluster record
     * {epoch, leader} (one of them may have been promoted).
     */
    Map<String, Bootstrap.ClusterRecord> startListedAtBoot() {
        Nodes nodes = cluster.nodes();
        ClusterConfig config = cluster.config();
        Map<String, HostPort> listed = new LinkedHashMap<>();
        for (String name : config.nodes().keySet()) {
            try (Connection c = nodes.replicator(name)) {
                FollowerProvisioning.members(c).values().stream().filter(m -> !config.nodes().containsKey(m.name()))
                        .forEach(m -> listed.putIfAbsent(m.name(), m.address()));
            } catch (SQLException e) {
                // Unreachable: the others list the same members.
            }
        }
        Map<String, Bootstrap.ClusterRecord> records = new LinkedHashMap<>();
        for (var m : listed.entrySet()) {
            nodes.register(m.getKey(), m.getValue());
            startIfEmbeddedHere(m.getKey());
            try (Connection c = nodes.replicator(m.getKey())) {
                records.put(m.getKey(), Bootstrap.clusterRecord(c));
                // Every node starts read-only; start() opens the leader once it is known.
                Bootstrap.setReadOnly(c, true);
            } catch (SQLException e) {
                LOG.warn("member {} added at run time does not answer: {}", m.getKey(), e.getMessage());
            }
        }
        return records;
    }

    synchronized void adopt(String name, HostPort address) throws SQLException {
        if (cluster.nodes().names().contains(name)) {
            return;
        }
        cluster.nodes().register(name, address);
        startIfEmbeddedHere(name);
        cluster.restartApplier(name);
    }

    /** Embedded members have a data directory here; others run elsewhere and are only connected to. */
    private void startIfEmbeddedHere(String name) {
        if (cluster.config().embedded() && !cluster.hasEmbedded(name)
                && Files.isDirectory(FollowerProvisioning.embeddedDir(cluster.config(), name))) {
            cluster.startEmbedded(name);
        }
    }

    synchronized ProvisionResult add(String name, HostPort address, CopyProgress progress) throws SQLException {
        Nodes nodes = cluster.nodes();
        if (nodes.names().contains(name)) {
            throw new IllegalArgumentException("node '" + name + "' already exists; the nodes are " + nodes.names());
        }
        nodes.register(name, address);
        provisioningNow.add(name);
        try {
            if (cluster.config().embedded()) {
                cluster.startEmbedded(name);
                new Bootstrap(cluster.config(), nodes).createReplicationUser(name);
            }
            ProvisionResult result = provisioning.provision(cluster.leader(), name, progress);
            cluster.restartApplier(name);
            return result;
        } catch (SQLException | RuntimeException e) {
            // Not a member: forget it, and stop the embedded server this call started.
            nodes.unregister(name);
            cluster.stopEmbedded(name);
            throw e;
        } finally {
            provisioningNow.remove(name);
        }
    }

    synchronized ProvisionResult rebuild(String name, CopyProgress progress) throws SQLException, InterruptedException {
        cluster.nodes().address(name);
        if (cluster.failoverManager().excluded().contains(name)) {
            return rejoin(name, progress).provision();
        }
        provisioningNow.add(name);
        try {
            cluster.killApplier(name);
            ProvisionResult result = provisioning.provision(cluster.leader(), name, progress);
            cluster.restartApplier(name);
            return result;
        } finally {
            provisioningNow.remove(name);
        }
    }

    /** Rebuilds an excluded node (no applier runs for it), then lets the failover manager readmit it at once. */
    synchronized Rejoin.Result rejoin(String name, CopyProgress progress) throws SQLException {
        provisioningNow.add(name);
        try {
            Rejoin.Result r = new Rejoin(cluster.nodes(), provisioning).rebuild(cluster.leader(), name, progress, report -> { });
            // Starts its applier (the reconciler finds an empty log copy); activation waits for this call to end.
            cluster.failoverManager().readmitNow();
            return r;
        } finally {
            provisioningNow.remove(name);
        }
    }

    boolean awaitActive(String name, long timeoutMs) throws SQLException, InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            FollowerProvisioning.Member m = provisioning.members(cluster.leader()).get(name);
            if (m != null && FollowerProvisioning.ACTIVE.equals(m.state())) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }
}
