package io.flotilla.replicator.failover;

import io.flotilla.replicator.cluster.Nodes;
import io.flotilla.replicator.config.ClusterConfig;
import io.flotilla.replicator.failover.Metadata.ClusterRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Promotes a follower to leader with a new epoch, working only through the nodes' own metadata (so it runs the same
 * from {@code flotilla up} or from a separate {@code flotilla failover} process).
 *
 * <p>Order matters: fence the old leader (read-only) when reachable; choose the follower with the highest applied
 * LSN; record the epoch on the candidate under a lock on its position (so no apply batch slips in), then on every
 * other node (which fences their appliers through the log trigger); open the candidate for writes; publish the new
 * cluster record; reconcile the old leader if it answers.
 */
public final class Promotion {

    private static final Logger LOG = LoggerFactory.getLogger(Promotion.class);

    private final ClusterConfig config;
    private final Nodes nodes;

    public Promotion(ClusterConfig config, Nodes nodes) {
        this.config = config;
        this.nodes = nodes;
    }

    /**
     * Promotes {@code target}, or when empty the reachable follower with the highest applied LSN (ties: configuration
     * order), replacing {@code oldLeader}.
     *
     * @param excluded nodes that are out of the cluster until rebuilt
     * @throws SQLException when no follower is reachable, or the target is not a usable follower
     */
    public PromotionResult promote(String oldLeader, Optional<String> target, Set<String> excluded) throws SQLException {
        boolean oldReachable = fence(oldLeader);
        long maxEpoch = 0;
        Map<String, Long> applied = new LinkedHashMap<>();
        for (String n : nodes.names()) {
            try (Connection c = nodes.replicator(n)) {
                ClusterRecord r = Metadata.cluster(c);
                maxEpoch = Math.max(maxEpoch, r.epoch());
                if (!n.equals(oldLeader) && !excluded.contains(n)) {
                    applied.put(n, appliedLsn(c));
                }
            } catch (SQLException e) {
                LOG.info("promotion: {} is unreachable ({})", n, firstLine(e));
            }
        }
        String candidate = target.orElseGet(() -> best(applied));
        if (candidate == null) {
            throw new SQLException("no reachable follower to promote (old leader " + oldLeader + ", excluded " + excluded + ")", "08001");
        }
        if (!applied.containsKey(candidate)) {
            throw new SQLException("cannot promote " + candidate + ": it is unreachable, excluded or the current leader", "HY000");
        }
        long epoch = maxEpoch + 1;
        long start = recordOnCandidate(candidate, epoch);
        EpochRecord rec = new EpochRecord(epoch, candidate, start, System.currentTimeMillis() * 1000);
        List<String> followers = new ArrayList<>();
        List<String> pending = new ArrayList<>();
        List<Reconciler.Outcome> outcomes = new ArrayList<>();
        Reconciler reconciler = new Reconciler(nodes, List.copyOf(nodes.names()));
        long logFrom;
        try (Connection c = nodes.replicator(candidate)) {
            logFrom = Metadata.logFrom(c);
        }
        for (String n : applied.keySet()) {
            if (n.equals(candidate)) {
                continue;
            }
            if (applied.get(n) < logFrom) {
                // A candidate provisioned from a snapshot has no entry at or below its snapshot LSN: a follower behind
                // that cannot continue from it (the gap would pass for rolled-back LSNs) and must be rebuilt.
                fenceFollower(n, rec);
                outcomes.add(reconciler.excludeBehind(n, candidate, epoch, applied.get(n), logFrom));
                continue;
            }
            if (fenceFollower(n, rec)) {
                followers.add(n);
            } else {
                pending.add(n);
            }
        }
        try (Connection c = nodes.replicator(candidate)) {
            SyncSetHandover.apply(c, candidate, oldLeader, followers);
            openForWrites(c, start);
            Metadata.writeCluster(c, epoch, candidate);
        }
        for (String n : List.copyOf(followers)) {
            try (Connection c = nodes.replicator(n)) {
                Metadata.writeCluster(c, epoch, candidate);
            } catch (SQLException e) {
                followers.remove(n);
                pending.add(n);
            }
        }
        LOG.info("promoted {} to leader with epoch {} (start LSN {}; previous leader {}{})", candidate, epoch, start, oldLeader,
                oldReachable ? ", fenced read-only" : ", unreachable");
        List<String> toReconcile = new ArrayList<>(pending);
        pending.clear();
        if (!excluded.contains(oldLeader)) {
            toReconcile.add(0, oldLeader);
        }
        for (String n : toReconcile) {
            try {
                Reconciler.Outcome o = reconciler.reconcile(n, candidate, epoch);
                outcomes.add(o);
                if (o.rejoined()) {
                    followers.add(n);
                }
            } catch (SQLException e) {
                // Down now: reconciled when it comes back (the failover manager retries every heartbeat).
                pending.add(n);
            }
        }
        return new PromotionResult(candidate, epoch, start, oldLeader, followers, pending, outcomes);
    }

    /** Sets the old leader read-only if it answers; false when it does not. */
    private boolean fence(String oldLeader) {
        try (Connection c = nodes.replicator(oldLeader)) {
            Metadata.setReadOnly(c, true);
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static String best(Map<String, Long> applied) {
        String best = null;
        long max = -1;
        for (var e : applied.entrySet()) {
            if (e.getValue() > max) {
                max = e.getValue();
                best = e.getKey();
            }
        }
        return best;
    }

    /** Locks the candidate's position (waiting for an apply batch in flight), records the epoch, returns the position. */
    private long recordOnCandidate(String candidate, long epoch) throws SQLException {
        try (Connection c = nodes.replicator(candidate)) {
            c.setAutoCommit(false);
            long start;
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT applied_lsn FROM flotilla.state WHERE id = 1 FOR UPDATE")) {
                rs.next();
                start = rs.getLong(1);
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO flotilla.epochs VALUES (?, ?, ?, ?)")) {
                ps.setLong(1, epoch);
                ps.setString(2, candidate);
                ps.setLong(3, start);
                ps.setLong(4, System.currentTimeMillis() * 1000);
                ps.executeUpdate();
            }
            c.commit();
            return start;
        }
    }

    /**
     * Records the epoch on a follower; true when its position is within the new leader's log, false when it applied
     * past it (it holds writes the new leader lacks and must be reconciled) or is unreachable.
     */
    private boolean fenceFollower(String node, EpochRecord rec) {
        try (Connection c = nodes.replicator(node)) {
            Metadata.insertEpoch(c, rec);
            return appliedLsn(c) <= rec.startLsn();
        } catch (SQLException e) {
            return false;
        }
    }

    /** New LSNs continue after the applied ones; then the application may write. */
    private static void openForWrites(Connection c, long start) throws SQLException {
        try (Statement st = c.createStatement()) {
            // InnoDB never sets the counter below MAX(lsn)+1, so this only matters for an empty log copy.
            st.execute("ALTER TABLE flotilla.log AUTO_INCREMENT = " + (start + 1));
        }
        Metadata.setReadOnly(c, false);
    }

    private static long appliedLsn(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT applied_lsn FROM flotilla.state WHERE id = 1")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String firstLine(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
    }
}
