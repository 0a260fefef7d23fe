package io.flotilla.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.replicator.TestClusters;
import io.flotilla.replicator.cluster.FlotillaCluster;
import io.flotilla.replicator.log.LoggedSession;
import io.flotilla.routing.route.NodeView;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Position refreshes read a follower only when its view could have changed, against a real cluster. */
class FollowerPositionsTest {

    static FlotillaCluster cluster;

    @BeforeAll
    static void up() throws Exception {
        cluster = TestClusters.start(3, Map.of());
        cluster.startReplication();
        try (LoggedSession s = cluster.openSession()) {
            s.execute("CREATE TABLE fp (id INT PRIMARY KEY)", List.of());
        }
        assertThat(cluster.awaitCaughtUp(10_000)).isTrue();
    }

    @AfterAll
    static void down() {
        cluster.close();
    }

    /** A probe over real connections that counts how often each node was opened (read): a carried view opens none. */
    private static final class CountingProbe implements FollowerPositions.Probe {
        private final Map<String, AtomicInteger> opens = new ConcurrentHashMap<>();

        @Override
        public Connection open(String node) throws SQLException {
            opens.computeIfAbsent(node, k -> new AtomicInteger()).incrementAndGet();
            return cluster.nodes().app(node);
        }

        int of(String node) {
            AtomicInteger n = opens.get(node);
            return n == null ? 0 : n.get();
        }
    }

    @Test
    void aCaughtUpFollowerIsNotReadAgainUntilTheLeaderWritesOrTheCarryRunsOut() throws Exception {
        List<String> followers = cluster.followers();
        String leader = cluster.leader();
        CountingProbe probes = new CountingProbe();
        try (FollowerPositions positions = new FollowerPositions(probes, Duration.ofMillis(20),
                Duration.ofSeconds(3))) {
            List<NodeView> first = positions.refreshCarrying(leader, followers, 1);
            assertThat(first).allSatisfy(v -> assertThat(v.lagMillis()).isZero());
            followers.forEach(f -> assertThat(probes.of(f)).isEqualTo(1));

            // Nothing written: every follower is still at the leader's head, so the background refresh reads none.
            List<NodeView> again = positions.refreshCarrying(leader, followers, 1);
            assertThat(again).extracting(NodeView::appliedLsn).isEqualTo(first.stream().map(NodeView::appliedLsn).toList());
            followers.forEach(f -> assertThat(probes.of(f)).isEqualTo(1));

            // A read that waits asks for a full refresh: every follower is read, caught up or not.
            positions.refresh(leader, followers, 1);
            followers.forEach(f -> assertThat(probes.of(f)).isEqualTo(2));

            // A write moves the head past what was read: every follower is read again and shows the new position.
            try (LoggedSession s = cluster.openSession()) {
                s.execute("INSERT INTO fp VALUES (1)", List.of());
            }
            assertThat(cluster.awaitCaughtUp(10_000)).isTrue();
            List<NodeView> afterWrite = positions.refreshCarrying(leader, followers, 1);
            followers.forEach(f -> assertThat(probes.of(f)).isEqualTo(3));
            assertThat(afterWrite).allSatisfy(v -> assertThat(v.appliedLsn()).isGreaterThan(first.get(0).appliedLsn()));

            // Quiet again, but past the carry limit: read once more (a follower may have died without anyone noticing).
            positions.refreshCarrying(leader, followers, 1);
            followers.forEach(f -> assertThat(probes.of(f)).isEqualTo(3));
            Thread.sleep(3_200);
            positions.refreshCarrying(leader, followers, 1);
            followers.forEach(f -> assertThat(probes.of(f)).isEqualTo(4));

            // A newer epoch than the views hold: read, whatever the head says.
            positions.refreshCarrying(leader, followers, 2);
            followers.forEach(f -> assertThat(probes.of(f)).isEqualTo(5));
        }
    }

    @Test
    void aFollowerMarkedDownIsReadAtEveryRefresh() throws Exception {
        List<String> followers = cluster.followers();
        String leader = cluster.leader();
        CountingProbe probes = new CountingProbe();
        try (FollowerPositions positions = new FollowerPositions(probes, Duration.ofMillis(20))) {
            positions.refreshCarrying(leader, followers, 1);
            String f = followers.get(0);
            positions.markDown(f, 1);
            for (int round = 2; round <= 3; round++) {
                List<NodeView> views = positions.refreshCarrying(leader, followers, 1);
                assertThat(probes.of(f)).isEqualTo(round);
                assertThat(views.get(0).healthy()).as("back in rotation after the read").isTrue();
                positions.markDown(f, 1);
            }
            assertThat(probes.of(followers.get(1))).as("the healthy one is carried").isEqualTo(1);
        }
    }
}
