package io.flotilla.replicator.cluster;

import io.flotilla.replicator.provision.CopyProgress;
import io.flotilla.replicator.provision.ProvisionResult;
import io.flotilla.routing.config.HostPort;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Membership changes of a running cluster: followers added or rebuilt from a snapshot, and members another process added. */
final class Membership {

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
