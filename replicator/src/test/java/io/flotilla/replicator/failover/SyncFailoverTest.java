package io.flotilla.replicator.failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.replicator.TestClusters;
import io.flotilla.replicator.cluster.FlotillaCluster;
import io.flotilla.replicator.log.LoggedSession;
import io.flotilla.replicator.log.WriteResult;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** SIGKILL of the leader under load in sync mode: no acknowledged write is lost, and the new leader acknowledges again. */
class SyncFailoverTest {

    @Test
    void leaderKilledUnderLoadInSyncModeLosesNoAcknowledgedWrite() throws Exception {
        // n2 is the synchronous follower; n3 trails by 300 ms, so the leader holds entries n3 lacks when it dies.
        Map<String, String> props = Map.of("replication.mode", "sync", "replication.sync-followers", "1",
                "replication.apply-delay.n3", "300");
        try (FlotillaCluster cluster = TestClusters.start(3, props)) {
            cluster.startReplication();
            cluster.startFailoverManager();
            try (LoggedSession s = cluster.openSession()) {
                s.execute("CREATE TABLE t (id INT PRIMARY KEY, w INT NOT NULL)", List.of());
            }
            Map<Integer, Long> acked = new ConcurrentHashMap<>();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger ids = new AtomicInteger();
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int writer = w;
                Thread t = new Thread(() -> {
                    try (LoggedSession s = new LoggedSession(cluster.writer(), cluster.nodes().app("n1"))) {
                        while (!stop.get()) {
                            int id = ids.incrementAndGet();
                            WriteResult r = s.execute("INSERT INTO t VALUES (?, ?)", List.of(id, writer));
                            acked.put(id, r.lsn());
                        }
                    } catch (SQLException | RuntimeException e) {
                        // The leader died: this write's outcome is unknown (or committed and unacknowledged).
                    }
                });
                t.start();
                writers.add(t);
            }
            Thread.sleep(1500);
            cluster.embeddedNode("n1").kill();
            long deadline = System.currentTimeMillis() + 20_000;
            while (cluster.leader().equals("n1")) {
                assertThat(System.currentTimeMillis()).as("no failover").isLessThan(deadline);
                Thread.sleep(20);
            }
            stop.set(true);
            for (Thread t : writers) {
                t.join(30_000);
                assertThat(t.isAlive()).as("a writer still waits for an acknowledgement").isFalse();
            }
            assertThat(acked).hasSizeGreaterThan(20);
            Set<Integer> onNew = FailoverTest.ids(cluster, cluster.leader());
            assertThat(onNew).as("every acknowledged write survives the failover").containsAll(acked.keySet());
            long start = cluster.failoverManager().promotions().get(0).startLsn();
            assertThat(acked.values()).allSatisfy(lsn -> assertThat(lsn).isLessThanOrEqualTo(start));

            // The new leader acknowledges writes again (its synchronous set no longer names itself).
            try (LoggedSession s = cluster.openSession()) {
                s.execute("INSERT INTO t VALUES (?, ?)", List.of(-1, 9));
            }
            // The old leader back: anything it holds beyond the new epoch's start was never acknowledged.
            cluster.embeddedNode("n1").start();
            deadline = System.currentTimeMillis() + 20_000;
            while (cluster.divergenceReports().isEmpty() && !cluster.followers().contains("n1")) {
                assertThat(System.currentTimeMillis()).as("n1 never reconciled").isLessThan(deadline);
                Thread.sleep(50);
            }
            for (DivergenceReport r : cluster.divergenceReports()) {
                assertThat(r.lsns()).as("lost entries were never acknowledged").doesNotContainAnyElementsOf(acked.values());
            }
            assertThat(cluster.awaitCaughtUp(30_000)).isTrue();
            String other = cluster.followers().stream().filter(f -> !f.equals("n1")).findFirst().orElseThrow();
            assertThat(cluster.checksums(other)).isEqualTo(cluster.checksums(cluster.leader()));
        }
    }
}
