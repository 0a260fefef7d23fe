package io.flotilla.replicator;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.replicator.cluster.FlotillaCluster;
import io.flotilla.replicator.log.LogRetention;
import io.flotilla.replicator.log.LoggedSession;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The log is purged only below what every known follower and every hold still needs, and only past the retention. */
class LogRetentionTest {

    static FlotillaCluster cluster;

    @BeforeAll
    static void up() throws Exception {
        // Purges run only when the test asks; no retention period, so only the followers' needs hold entries back.
        cluster = TestClusters.start(3, Map.of("log.retention-ms", "0", "log.purge-interval-ms", "0"));
        try (LoggedSession s = cluster.openSession()) {
            s.execute("CREATE TABLE r (id INT PRIMARY KEY, n INT)", List.of());
        }
    }

    @AfterAll
    static void down() {
        cluster.close();
    }

    private static void write(int count) throws Exception {
        try (LoggedSession s = cluster.openSession()) {
            for (int i = 0; i < count; i++) {
                s.execute("INSERT INTO r VALUES (?, 0) ON DUPLICATE KEY UPDATE n = n + 1", List.of(i % 50));
            }
        }
    }

    private static long lowestLsn(String node) throws Exception {
        try (Connection c = cluster.nodes().replicator(node); ResultSet rs = c.createStatement().executeQuery("SELECT COALESCE(MIN(lsn), 0) FROM flotilla.log")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void purgeRespectsLaggingAndUnreachableFollowersAndHolds() throws Exception {
        List<String> f = cluster.followers();
        String fast = f.get(0);
        String slow = f.get(1);
        cluster.startReplication(List.of(fast));
        write(100);
        assertThat(cluster.awaitCaughtUp(1)).isFalse();
        long slowApplied = cluster.appliedLsn(slow);

        // The slow follower still needs everything above its position: nothing below it may go.
        cluster.purgeLog();
        assertThat(lowestLsn(cluster.leader())).isLessThanOrEqualTo(slowApplied + 1);
        assertThat(cluster.appliedLsn(slow)).isEqualTo(slowApplied);

        // A hold (a follower being provisioned) below every follower's position caps the purge.
        cluster.restartApplier(slow);
        assertThat(cluster.awaitCaughtUp(30_000)).isTrue();
        long head = cluster.leaderHead();
        try (Connection l = cluster.nodes().replicator(cluster.leader())) {
            LogRetention.hold(l, "provisioning-x", head - 40);
        }
        assertThat(cluster.purgeLog()).isPositive();
        assertThat(lowestLsn(cluster.leader())).isEqualTo(head - 39);
        assertThat(lowestLsn(fast)).as("followers' log copies are purged with the same limit").isEqualTo(head - 39);

        // An unreachable follower's need is unknown: nothing is purged while it is down.
        try (Connection l = cluster.nodes().replicator(cluster.leader())) {
            LogRetention.release(l, "provisioning-x");
        }
        cluster.embeddedNode(slow).kill();
        write(30);
        assertThat(cluster.purgeLog()).isZero();
        cluster.embeddedNode(slow).start();
        assertThat(cluster.awaitCaughtUp(30_000)).isTrue();
        assertThat(cluster.checksums(slow)).isEqualTo(cluster.checksums(cluster.leader()));

        // Once everyone has everything, the whole log may go except the newest entry (it marks the head).
        cluster.purgeLog();
        assertThat(lowestLsn(cluster.leader())).isEqualTo(cluster.leaderHead());
    }

    @Test
    void entriesYoungerThanTheRetentionAreKept() throws Exception {
        long head = cluster.leaderHead();
        try (Connection l = cluster.nodes().replicator(cluster.leader())) {
            // Everything written in the last hour stays, whatever the followers have applied.
            long cutoff = (System.currentTimeMillis() - 3_600_000L) * 1000;
            assertThat(LogRetention.purge(l, head, cutoff)).isZero();
        }
    }

    @Test
    void purgeLimitIsTheLowestNeed() {
        assertThat(LogRetention.purgeLimit(List.of(OptionalLong.of(50), OptionalLong.of(70)), OptionalLong.empty(), 100)).hasValue(50);
        assertThat(LogRetention.purgeLimit(List.of(OptionalLong.of(50)), OptionalLong.of(20), 100)).hasValue(20);
        assertThat(LogRetention.purgeLimit(List.of(OptionalLong.of(50), OptionalLong.empty()), OptionalLong.empty(), 100)).isEmpty();
        assertThat(LogRetention.purgeLimit(List.of(OptionalLong.of(0)), OptionalLong.empty(), 100)).isEmpty();
        assertThat(LogRetention.purgeLimit(List.of(), OptionalLong.of(30), 100)).hasValue(30);
        assertThat(LogRetention.purgeLimit(List.of(OptionalLong.of(100)), OptionalLong.empty(), 100)).hasValue(99);
    }
}
