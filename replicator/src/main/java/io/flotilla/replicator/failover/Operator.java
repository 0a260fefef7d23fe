package io.flotilla.replicator.failover;

import io.flotilla.replicator.cluster.FollowerProvisioning;
import io.flotilla.replicator.cluster.Nodes;
import io.flotilla.replicator.config.ClusterConfig;
import io.flotilla.replicator.failover.Metadata.ClusterRecord;
import io.flotilla.replicator.provision.CopyProgress;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Failover and switchover run from a separate process ({@code flotilla failover|switchover CONFIG}): the current
 * leader and exclusions are read from the nodes, the promotion is written to the nodes, and the {@code flotilla up}
 * process's failover manager adopts the higher epoch at its next heartbeat.
 */
public final class Operator {

    private final ClusterConfig config;
    private final Nodes nodes;

    public Operator(ClusterConfig config) {
        this.config = config;
        this.nodes = new Nodes(config);
    }

    /** The highest (epoch, leader) any reachable node records. */
    public ClusterRecord current() throws SQLException {
        ClusterRecord best = null;
        for (String n : nodes.names()) {
            try (Connection c = nodes.replicator(n)) {
                // Followers added at run time are listed on every node, not in the configuration file.
                FollowerProvisioning.members(c).values().forEach(m -> nodes.register(m.name(), m.address()));
                ClusterRecord r = Metadata.cluster(c);
                if (best == null || r.epoch() > best.epoch()) {
                    best = r;
                }
            } catch (SQLException e) {
                // Unreachable: the others decide.
            }
        }
        if (best == null) {
            throw new SQLException("no node of " + nodes.names() + " answered", "08001");
        }
        return best;
    }

    private Set<String> excluded() {
        Set<String> out = new HashSet<>();
        for (String n : nodes.names()) {
            try (Connection c = nodes.replicator(n)) {
                out.addAll(Metadata.excluded(c).keySet());
            } catch (SQLException e) {
                // Unreachable nodes add nothing.
            }
        }
        return out;
    }

    /**
     * The writes an excluded node holds that the cluster lost, read again from that node (for {@code flotilla status});
     * empty when the node is not excluded or does not answer.
     */
    public java.util.List<DivergenceReport> divergences() throws SQLException {
        ClusterRecord cur = current();
        java.util.List<DivergenceReport> out = new java.util.ArrayList<>();
        java.util.List<EpochRecord> history;
        java.util.Map<String, Metadata.Exclusion> excluded;
        try (Connection l = nodes.replicator(cur.leader())) {
            history = Metadata.epochs(l);
            excluded = Metadata.excluded(l);
        }
        for (Metadata.Exclusion x : excluded.values()) {
            try (Connection c = nodes.replicator(x.node())) {
                LostWrites.find(c, x.node(), history).ifPresent(out::add);
            } catch (SQLException e) {
                // Down: status shows the stored summary.
            }
        }
        return out;
    }

    /** Promotes the follower with the highest applied LSN, replacing the current leader (dead or alive: it is fenced). */
    public PromotionResult failover() throws SQLException {
        return new Promotion(config, nodes).promote(current().leader(), Optional.empty(), excluded());
    }

    /**
     * Lifts a node's exclusion (after it was rebuilt from a snapshot); the running failover manager examines it again
     * and lets it follow only if it holds no write the cluster lost.
     */
    public void readmit(String node) throws SQLException {
        if (!nodes.names().contains(node)) {
            throw new SQLException("unknown node '" + node + "'; the nodes are " + nodes.names(), "HY000");
        }
        for (String n : nodes.names()) {
            try (Connection c = nodes.replicator(n)) {
                Metadata.clearExclusion(c, node);
            } catch (SQLException e) {
                // Unreachable: its row stays until it is readmitted again; the leader's table decides.
            }
        }
    }

    /**
     * Rebuilds an excluded node from a snapshot of the current leader and lifts its exclusion (see {@link Rejoin}); the
     * running failover manager then lets it follow. {@code beforeWipe} sees its lost writes, archived before the wipe.
     */
    public Rejoin.Result rebuild(String node, CopyProgress progress, Consumer<DivergenceReport> beforeWipe) throws SQLException {
        ClusterRecord cur = current();
        return new Rejoin(nodes, new FollowerProvisioning(config, nodes)).rebuild(cur.leader(), node, progress, beforeWipe);
    }

    /** The lost writes archived when excluded nodes were rebuilt, as the current leader records them. */
    public java.util.List<DivergenceReport> archivedLostWrites() throws SQLException {
        try (Connection l = nodes.replicator(current().leader())) {
            return LostWrites.archived(l);
        }
    }

    /** Hands leadership to {@code target} without data loss. */
    public PromotionResult switchover(String target, long timeoutMs) throws SQLException, InterruptedException {
        return new Switchover(config, nodes, timeoutMs).run(current().leader(), target, excluded());
    }
}
