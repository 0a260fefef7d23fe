package io.flotilla.replicator.cluster;

import io.flotilla.replicator.apply.ApplierStatus;
import io.flotilla.replicator.config.ClusterProperty;
import io.flotilla.replicator.log.LogRetention;
import io.flotilla.replicator.log.LogSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replicator's background duties besides applying: adopts followers added by another process, marks caught-up
 * provisioning followers active, and purges the log on every node within the retention rules.
 */
final class Maintenance implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Maintenance.class);
    /** Each tick asks the leader for its member list: often enough to activate a caught-up follower promptly. */
    private static final long TICK_MS = 200;
    /** A leader that takes longer than this to list its members is skipped this tick. */
    private static final int TICK_TIMEOUT_MS = 10_000;

    private final FlotillaCluster cluster;
    private final long retentionMs;
    private final long purgeIntervalMs;
    /** The tick's connection to the leader, kept between ticks (it asks every 200 ms). */
    private final KeptConnections kept;
    private volatile boolean stopped;
    private long nextPurge;

    Maintenance(FlotillaCluster cluster) {
        this.cluster = cluster;
        this.retentionMs = cluster.config().raw().longValue(ClusterProperty.LOG_RETENTION_MS);
        this.purgeIntervalMs = cluster.config().raw().longValue(ClusterProperty.LOG_PURGE_INTERVAL_MS);
        this.nextPurge = System.currentTimeMillis() + purgeIntervalMs;
        this.kept = new KeptConnections(cluster.nodes(), TICK_TIMEOUT_MS);
    }

    void stop() {
        stopped = true;
    }

    @Override
    public void run() {
        try {
            while (!stopped) {
                try {
                    followers();
                    if (purgeIntervalMs > 0 && System.currentTimeMillis() >= nextPurge) {
                        nextPurge = System.currentTimeMillis() + purgeIntervalMs;
                        purge();
                    }
                } catch (SQLException | RuntimeException e) {
                    LOG.debug("maintenance round failed: {}", e.getMessage());
                }
                try {
                    Thread.sleep(TICK_MS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        } finally {
            kept.close();
        }
    }

    /** Starts appliers for members listed on the leader that this process does not know, and activates caught-up ones. */
    private void followers() throws SQLException {
        String leader = cluster.leader();
        kept.keepOnly(leader); // after a failover the old leader's connection has nothing left to do
        Map<String, FollowerProvisioning.Member> members = kept.with(leader, FollowerProvisioning::members);
        Map<String, ApplierStatus> appliers = cluster.applierStatus();
        long head = -1;
        for (FollowerProvisioning.Member m : members.values()) {
            if (m.name().equals(leader)) {
                continue;
            }
            if (!cluster.nodes().names().contains(m.name())) {
                // Added by `flotilla follower add` in another process: this process runs its applier.
                cluster.adopt(m.name(), m.address());
                continue;
            }
            ApplierStatus s = appliers.get(m.name());
            if (FollowerProvisioning.PROVISIONING.equals(m.state()) && s != null && s.health() == ApplierStatus.Health.RUNNING
                    && !cluster.isProvisioning(m.name())) {
                if (head < 0) {
                    head = cluster.leaderHead();
                }
                // Caught up = within one apply batch of the head: under a steady write load "lag 0" may never be seen.
                if (head - s.appliedLsn() <= cluster.config().batchSize()) {
                    cluster.provisioning().activate(leader, m.name());
                }
            }
        }
    }

    /** Purges every node's log up to what every known follower and every hold allows, older than the retention. */
    long purge() throws SQLException {
        String leader = cluster.leader();
        long total = 0;
        try (Connection l = cluster.nodes().replicator(leader)) {
            LogRetention.lockPurge(l);
            try {
                List<String> followers = new ArrayList<>(cluster.followers());
                for (String m : FollowerProvisioning.members(l).keySet()) {
                    if (!m.equals(leader) && !followers.contains(m)) {
                        followers.add(m);
                    }
                }
                List<OptionalLong> positions = new ArrayList<>();
                for (String f : followers) {
                    positions.add(applied(f));
                }
                OptionalLong limit = LogRetention.purgeLimit(positions, LogRetention.lowestHold(l), LogSchema.head(l));
                if (limit.isEmpty()) {
                    return 0;
                }
                long cutoff = (System.currentTimeMillis() - retentionMs) * 1000;
                total = LogRetention.purge(l, limit.getAsLong(), cutoff);
                // Followers keep a copy of the log (to serve as leader later); below the limit every follower has it.
                for (String f : followers) {
                    try (Connection c = cluster.nodes().replicator(f)) {
                        LogRetention.purge(c, limit.getAsLong(), cutoff);
                    } catch (SQLException e) {
                        LOG.debug("purging the log copy of {}: {}", f, e.getMessage());
                    }
                }
                if (total > 0) {
                    LOG.info("purged {} log entries up to LSN {}", total, limit.getAsLong());
                }
            } finally {
                LogRetention.unlockPurge(l);
            }
        }
        return total;
    }

    private OptionalLong applied(String follower) {
        try (Connection c = cluster.nodes().replicator(follower)) {
            return OptionalLong.of(LogSchema.appliedLsn(c));
        } catch (SQLException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }
}
