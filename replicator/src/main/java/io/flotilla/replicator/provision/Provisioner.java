package io.flotilla.replicator.provision;

import io.flotilla.replicator.apply.Applier;
import io.flotilla.replicator.cluster.ConnectionFactory;
import io.flotilla.replicator.log.LogEntry;
import io.flotilla.replicator.log.LogRetention;
import io.flotilla.replicator.log.LogSchema;
import io.flotilla.replicator.log.SessionSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills a bootstrapped, empty (or to-be-wiped) node from a consistent leader snapshot and leaves it positioned at
 * the snapshot's LSN, ready for an applier to catch up from there while writes continue on the leader.
 */
public final class Provisioner {

    private static final Logger LOG = LoggerFactory.getLogger(Provisioner.class);
    private static final int ATTEMPTS = 3;

    private final String name;
    private final ConnectionFactory leader;
    private final ConnectionFactory target;
    private final List<ConnectionFactory> followers;
    private final CopyProgress progress;

    /**
     * @param name the new node's name (also the name of its hold on the leader's log)
     * @param followers the other followers; their applied positions bound the scan for in-flight entries
     */
    public Provisioner(String name, ConnectionFactory leader, ConnectionFactory target, List<ConnectionFactory> followers,
                       CopyProgress progress) {
        this.name = name;
        this.leader = leader;
        this.target = target;
        this.followers = List.copyOf(followers);
        this.progress = progress;
    }

    /**
     * Wipes the target's application schemas and log, copies the snapshot, applies the late entries and stores the
     * snapshot position. Leaves a hold on the leader at the position; the caller releases it once the node's
     * applier has caught up.
     */
    public ProvisionResult provision() throws SQLException {
        for (int attempt = 1; ; attempt++) {
            wipe();
            long floor = holdAndFloor();
            CopyStats stats;
            SnapshotPosition pos;
            try (LeaderSnapshot snap = LeaderSnapshot.open(leader, floor); Connection t = target.open()) {
                pos = snap.position();
                stats = new SchemaCopier(progress).copy(snap.connection(), t);
            } catch (SQLException e) {
                // 1412: a table was altered after the snapshot began; the copy can only be taken again.
                if (e.getErrorCode() == 1412 && attempt < ATTEMPTS) {
                    LOG.warn("provisioning {}: a table changed during the copy ({}); starting again", name, e.getMessage());
                    continue;
                }
                throw e;
            }
            // MariaDB DDL is not transactional: a DDL that ran while the copy was in progress (committed after the
            // snapshot) may or may not be in the copied schema, so replaying it could fail or be lost. Start again.
            boolean lateDdl = pos.late().stream().anyMatch(LogEntry::isDdl);
            if (lateDdl || LeaderSnapshot.ddlSince(leader, pos.lsn())) {
                if (attempt < ATTEMPTS) {
                    LOG.warn("provisioning {}: a DDL ran during the copy; starting again (attempt {} of {})", name, attempt + 1, ATTEMPTS);
                    continue;
                }
                throw new SQLException("provisioning " + name + ": DDL kept running during the copy (" + ATTEMPTS
                        + " attempts); retry when schema changes are quiet", "HY000");
            }
            finish(pos);
            try (Connection l = leader.open()) {
                LogRetention.hold(l, name, pos.lsn());
            }
            LOG.info("provisioned {} at LSN {} ({} late entries applied, {} rows in {} ms)", name, pos.lsn(), pos.late().size(),
                    stats.rows(), stats.millis());
            return new ProvisionResult(pos.lsn(), pos.floor(), pos.late().size(), stats, attempt);
        }
    }

    /** Drops the application schemas and the log copy on the target (a rebuild starts from nothing). */
    private void wipe() throws SQLException {
        try (Connection t = target.open(); Statement st = t.createStatement()) {
            for (String s : SchemaCopier.applicationSchemas(t)) {
                st.execute("DROP DATABASE " + SchemaCopier.quote(s));
            }
            st.execute("TRUNCATE TABLE flotilla.log");
            st.execute("UPDATE flotilla.state SET applied_lsn = 0, applied_epoch = 0, applied_created_us = 0, applied_at_us = 0,"
                    + " ddl_pending_lsn = NULL WHERE id = 1");
            if (!t.getAutoCommit()) {
                t.commit();
            }
        }
    }

    /**
     * Records the hold and picks the floor under the leader's purge lock, so that no purge can remove an entry
     * above the floor from here on. The floor is the highest applied LSN of a reachable follower: its reader
     * resolved every entry up to there, so nothing at or below it can still be in flight.
     */
    private long holdAndFloor() throws SQLException {
        try (Connection l = leader.open()) {
            LogRetention.lockPurge(l);
            try {
                long floor = 0;
                for (ConnectionFactory f : followers) {
                    try (Connection c = f.open()) {
                        floor = Math.max(floor, LogSchema.appliedLsn(c));
                    } catch (SQLException unreachable) {
                        // A follower that cannot be asked does not raise the floor; 0 is always safe.
                    }
                }
                floor = Math.min(floor, LogSchema.head(l));
                LogRetention.hold(l, name, floor);
                return floor;
            } finally {
                LogRetention.unlockPurge(l);
            }
        }
    }

    /**
     * Applies the late entries, then stores P as the applied position.
     *
     * <p>Why applying them after the copy is exact: a late entry's transaction held its row locks until it committed,
     * after the snapshot. Any visible entry with a higher LSN committed before the snapshot, so it cannot have
     * waited for those locks: it does not conflict with the late entry, and applying the late entry on top of the
     * copy gives the state the leader reached in LSN order. Among themselves late entries are applied in LSN order.
     */
    private void finish(SnapshotPosition pos) throws SQLException {
        SessionSettings defaults;
        try (Connection l = leader.open()) {
            defaults = SessionSettings.serverDefaults(l);
        }
        try (Connection t = target.open()) {
            if (!pos.late().isEmpty()) {
                new Applier(name, leader, target, 0, 200, 2, defaults, (n, e) -> { }).applyEntries(t, pos.late());
            }
            t.setAutoCommit(false);
            try (PreparedStatement ps = t.prepareStatement("UPDATE flotilla.state SET applied_lsn = ?, applied_epoch = ?,"
                    + " applied_created_us = ?, applied_at_us = ?, ddl_pending_lsn = NULL WHERE id = 1")) {
                ps.setLong(1, pos.lsn());
                ps.setLong(2, pos.epoch());
                ps.setLong(3, pos.createdMicros());
                ps.setLong(4, System.currentTimeMillis() * 1000);
                ps.executeUpdate();
            }
            t.commit();
        }
    }
}
