package io.flotilla.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.replicator.TestClusters;
import io.flotilla.replicator.cluster.FlotillaCluster;
import io.flotilla.replicator.log.LoggedSession;
import io.flotilla.routing.route.NodeView;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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

    @Test
    void aCaughtUpFollowerIsNotReadAgainUntilTheLeaderWritesOrTheCarryRunsOut() throws Exception {
        List<String> followers = cluster.followers();
        String leader = cluster.leader();
        try (FollowerPositions positions = new FollowerPositions(n -> cluster.nodes().app(n), Duration.ofMillis(20),
                Duration.ofMillis(300))) {
            List<NodeView> first = positions.refresh(leader, followers, 1);
            assertThat(first).allSatisfy(v -> assertThat(v.lagMillis()).isZero());
            followers.forEach(f -> assertThat(positions.probes(f)).isEqualTo(1));

            // Nothing written: every follower is still at the leader's head, so none is read.
            List<NodeView> again = positions.refresh(leader, followers, 1);
            assertThat(again).extracting(NodeView::appliedLsn).isEqualTo(first.stream().map(NodeView::appliedLsn).toList());
            followers.forEach(f -> assertThat(positions.probes(f)).isEqualTo(1));

            // A write moves the head past what was read: every follower is read again and shows the new position.
            try (LoggedSession s = cluster.openSession()) {
                s.execute("INSERT INTO fp VALUES (1)", List.of());
            }
            assertThat(cluster.awaitCaughtUp(10_000)).isTrue();
            List<NodeView> afterWrite = positions.refresh(leader, followers, 1);
            followers.forEach(f -> assertThat(positions.probes(f)).isEqualTo(2));
            assertThat(afterWrite).allSatisfy(v -> assertThat(v.appliedLsn()).isGreaterThan(first.get(0).appliedLsn()));

            // Quiet again, but past the carry limit: read once more (a follower may have died without anyone noticing).
            Thread.sleep(400);
            positions.refresh(leader, followers, 1);
            followers.forEach(f -> assertThat(positions.probes(f)).isEqualTo(3));

            // A newer epoch than the views hold: read, whatever the head says.
            positions.refresh(leader, followers, 2);
            followers.forEach(f -> assertThat(positions.probes(f)).isEqualTo(4));
        }
    }

    @Test
    void aFollowerMarkedDownIsReadAtEveryRefresh() throws Exception {
        List<String> followers = cluster.followers();
        String leader = cluster.leader();
        try (FollowerPositions positions = new FollowerPositions(n -> cluster.nodes().app(n), Duration.ofMillis(20))) {
            positions.refresh(leader, followers, 1);
            String f = followers.get(0);
            positions.markDown(f, 1);
            List<NodeView> views = positions.refresh(leader, followers, 1);
            assertThat(positions.probes(f)).isEqualTo(2);
            assertThat(positions.probes(followers.get(1))).isEqualTo(1);
            assertThat(views.get(0).healthy()).as("back in rotation after the read").isTrue();
        }
    }
}
