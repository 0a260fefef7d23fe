package io.flotilla.replicator.failover;

import io.flotilla.replicator.cluster.FollowerProvisioning;
import io.flotilla.replicator.cluster.Nodes;
import io.flotilla.replicator.provision.CopyProgress;
import io.flotilla.replicator.provision.ProvisionResult;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings an excluded node (an old leader holding lost writes) back as a follower: its lost writes are archived in
 * {@code flotilla.lost_writes} on every reachable node, it is rebuilt from a leader snapshot, and its exclusion is
 * lifted so that the failover manager reconciles it (now with an empty log copy: nothing diverges) and starts its
 * applier. Drivers read from it only once it has caught up (it is listed as provisioning until then).
 */
public final class Rejoin {

    private static final Logger LOG = LoggerFactory.getLogger(Rejoin.class);

    /** What a rejoin did: the lost writes archived before the wipe (empty if none were left) and the copy. */
    public record Result(String node, Optional<DivergenceReport> archived, ProvisionResult provision) {
    }

    private final Nodes nodes;
    private final FollowerProvisioning provisioning;

    public Rejoin(Nodes nodes, FollowerProvisioning provisioning) {
        this.nodes = nodes;
        this.provisioning = provisioning;
    }

    /**
     * Rebuilds the excluded {@code node} from {@code leader}; {@code beforeWipe} sees the lost writes once they are
     * archived and before the node's log copy is dropped.
     *
     * @throws IllegalArgumentException when the node is the leader, unknown, or not excluded (a follower in
     *     replication is rebuilt by the process that runs its applier: {@code FlotillaCluster.rebuildFollower})
     */
    public Result rebuild(String leader, String node, CopyProgress progress, Consumer<DivergenceReport> beforeWipe) throws SQLException {
        if (!nodes.names().contains(node)) {
            throw new IllegalArgumentException("unknown node '" + node + "'; the nodes are " + nodes.names());
        }
        if (node.equals(leader)) {
            throw new IllegalArgumentException("'" + node + "' is the leader; only an excluded node or a follower can be rebuilt");
        }
        List<EpochRecord> history;
        try (Connection l = nodes.replicator(leader)) {
            if (!Metadata.excluded(l).containsKey(node)) {
                throw new IllegalArgumentException("'" + node + "' is not excluded on the leader " + leader + "; a follower that"
                        + " replicates is rebuilt by the process that runs its applier, not by this command");
            }
            history = Metadata.epochs(l);
        }
        Optional<DivergenceReport> report;
        try (Connection c = nodes.replicator(node)) {
            // It must take no write while its lost ones are read and archived: they would be lost unreported.
            Metadata.setReadOnly(c, true);
            report = LostWrites.find(c, node, history);
        }
        if (report.isPresent()) {
            archive(report.get(), leader);
            LOG.warn("rebuilding {}: its lost writes are archived in flotilla.lost_writes: {}", node, report.get().summary());
            beforeWipe.accept(report.get());
        }
        ProvisionResult copy = provisioning.provision(leader, node, progress);
        try (Connection c = nodes.replicator(node)) {
            // The copy took the leader's cluster record; its epoch history must be the leader's too (the fence of its
            // log copy and the reconciler's check both read it).
            Metadata.replaceEpochs(c, history);
        }
        for (String m : nodes.names()) {
            try (Connection c = nodes.replicator(m)) {
                Metadata.clearExclusion(c, node);
            } catch (SQLException e) {
                // The leader's table decides; a node that missed this keeps a stale row it does not act on.
                LOG.debug("cannot clear the exclusion of {} on {}: {}", node, m, e.getMessage());
            }
        }
        LOG.info("{} rebuilt at LSN {}; exclusion lifted: the failover manager lets it follow {}", node, copy.lsn(), leader);
        return new Result(node, report, copy);
    }

    /** On the leader first (it must succeed: the wipe follows), then on every other reachable node for later leaders. */
    private void archive(DivergenceReport report, String leader) throws SQLException {
        try (Connection l = nodes.replicator(leader)) {
            LostWrites.archive(l, report);
        }
        for (String m : nodes.names()) {
            if (m.equals(leader)) {
                continue;
            }
            try (Connection c = nodes.replicator(m)) {
                LostWrites.archive(c, report);
            } catch (SQLException e) {
                LOG.debug("cannot archive the lost writes of {} on {}: {}", report.node(), m, e.getMessage());
            }
        }
    }
}
