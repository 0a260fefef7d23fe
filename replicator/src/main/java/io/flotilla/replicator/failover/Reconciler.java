package io.flotilla.replicator.failover;

import io.flotilla.replicator.cluster.Nodes;
import io.flotilla.replicator.failover.Metadata.Exclusion;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a node that missed one or more promotions (a returned old leader, a follower that was down) up to the current
 * epoch: it is fenced read-only, its log is compared with the epoch history, and it either rejoins as a follower (no
 * entry past the start of an epoch it missed) or is excluded with a {@link DivergenceReport} of the writes it holds
 * that the cluster lost. Divergent writes are reported, never merged.
 */
public final class Reconciler {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    /** What happened to a node: it rejoined as a follower, or it is excluded and {@code report} lists its lost writes. */
    public record Outcome(String node, boolean rejoined, Optional<DivergenceReport> report) {
    }

    private final Nodes nodes;
    private final List<String> members;

    /** @param members every configured node name (exclusions are written to all reachable ones) */
    public Reconciler(Nodes nodes, List<String> members) {
        this.nodes = nodes;
        this.members = List.copyOf(members);
    }

    /**
     * Reconciles {@code node} against the current {@code epoch} led by {@code leader}, whose epoch history is read
     * from the leader.
     */
    public Outcome reconcile(String node, String leader, long epoch) throws SQLException {
        List<EpochRecord> history;
        try (Connection l = nodes.replicator(leader)) {
            history = Metadata.epochs(l);
            if (Metadata.excluded(l).containsKey(node)) {
                return new Outcome(node, false, Optional.empty());
            }
        }
        try (Connection c = nodes.replicator(node)) {
            // Fence first: whatever this node believes, it must not take writes while it is examined.
            Metadata.setReadOnly(c, true);
            // Past the start of an epoch it followed, a node holds only entries of that epoch or later; the first epoch
            // with older entries past its start is one it missed while holding writes of its own. Checked against the
            // whole history (not the node's own epoch record, which an exclusion overwrites), so a readmitted node that
            // was not rebuilt is caught again.
            for (EpochRecord e : history) {
                List<LostEntry> lost = Metadata.entriesBefore(c, e.startLsn(), e.epoch());
                if (!lost.isEmpty()) {
                    DivergenceReport report = new DivergenceReport(node, e.epoch(), e.startLsn(), lost);
                    exclude(node, epoch, report);
                    // It still answers discovery: there it must name the current leader (and itself as excluded).
                    for (EpochRecord r : history) {
                        Metadata.insertEpoch(c, r);
                    }
                    Metadata.writeCluster(c, epoch, leader);
                    return new Outcome(node, false, Optional.of(report));
                }
            }
            for (EpochRecord r : history) {
                Metadata.insertEpoch(c, r);
            }
            // A node that was leader has an applied position that says nothing; its own log is what it holds.
            long pos = Metadata.alignPositionWithLog(c);
            long logFrom;
            try (Connection l = nodes.replicator(leader)) {
                logFrom = Metadata.logFrom(l);
            }
            if (pos < logFrom) {
                Metadata.writeCluster(c, epoch, leader);
                return excludeBehind(node, leader, epoch, pos, logFrom);
            }
            Metadata.writeCluster(c, epoch, leader);
            LOG.info("{} rejoins epoch {} as a follower of {} from LSN {}", node, epoch, leader, pos);
            return new Outcome(node, true, Optional.empty());
        }
    }

    /**
     * Excludes a node that holds nothing the cluster lost but is behind the start of the leader's log copy (a leader
     * provisioned from a snapshot): it cannot catch up from there and must be rebuilt.
     */
    Outcome excludeBehind(String node, String leader, long epoch, long applied, long logFrom) {
        LOG.error("{} applied up to LSN {} but the log of leader {} starts after LSN {} (it was provisioned from a snapshot):"
                + " {} cannot catch up and is excluded until rebuilt", node, applied, leader, logFrom, node);
        record(new Exclusion(node, epoch, "behind the log of leader " + leader + " (applied " + applied + ", log starts after "
                + logFrom + "); rebuild it: flotilla follower rebuild " + node + " CONFIG", 0, ""));
        return new Outcome(node, false, Optional.empty());
    }

    private void record(Exclusion x) {
        for (String m : members) {
            try (Connection c = nodes.replicator(m)) {
                Metadata.exclude(c, x);
            } catch (SQLException e) {
                LOG.debug("cannot record the exclusion of {} on {}: {}", x.node(), m, e.getMessage());
            }
        }
    }

    private void exclude(String node, long epoch, DivergenceReport report) {
        LOG.warn("LOST WRITES: {}; it stays out of replication and routing until it is rebuilt from a snapshot of the"
                + " current leader. The lost statements:\n{}", report.summary(), report.details());
        Exclusion x = new Exclusion(node, epoch, "diverged: " + report.count() + " write(s) never reached epoch " + report.epoch()
                + "; rebuild it: flotilla follower rebuild " + node + " CONFIG", report.count(), report.lsnRanges());
        record(x);
    }
}
