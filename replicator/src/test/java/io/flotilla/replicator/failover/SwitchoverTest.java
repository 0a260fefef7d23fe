package io.flotilla.replicator.failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.replicator.TestClusters;
import io.flotilla.replicator.cluster.FlotillaCluster;
import io.flotilla.replicator.log.LoggedSession;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A planned switchover under write load loses nothing: each write succeeds on one leader or fails clearly. */
class SwitchoverTest {

    @Test
    void switchoverUnderLoadLosesNoAcknowledgedWrite() throws Exception {
        try (FlotillaCluster cluster = TestClusters.start(3, Map.of("replication.apply-delay.n3", "100"))) {
            cluster.startReplication();
            cluster.startFailoverManager();
            try (LoggedSession s = cluster.openSession()) {
                s.execute("CREATE TABLE t (id INT PRIMARY KEY, w INT NOT NULL)", List.of());
            }
            Set<Integer> acked = ConcurrentHashMap.newKeySet();
            AtomicInteger refused = new AtomicInteger();
            AtomicInteger unknown = new AtomicInteger();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger ids = new AtomicInteger();
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int writer = w;
                Thread t = new Thread(() -> {
                    LoggedSession s = null;
                    int id = ids.incrementAndGet();
                    while (!stop.get()) {
                        try {
                            if (s == null) {
                                s = cluster.openSession();
                            }
                            s.execute("INSERT INTO t VALUES (?, ?)", List.of(id, writer));
                            acked.add(id);
                            id = ids.incrementAndGet();
                        } catch (SQLException e) {
                            if (e.getErrorCode() == 1290) {
                                // Refused by the read-only old leader: not written, so the same row is tried again.
                                refused.incrementAndGet();
                            } else {
                                unknown.incrementAndGet();
                                id = ids.incrementAndGet();
                            }
                            close(s);
                            s = null;
                            sleep(5);
                        }
                    }
                    close(s);
                });
                t.start();
                writers.add(t);
            }
            Thread.sleep(1000);
            PromotionResult r = cluster.switchover("n3", 30_000);
            Thread.sleep(1000);
            stop.set(true);
            for (Thread t : writers) {
                t.join();
            }
            assertThat(r.leader()).isEqualTo("n3");
            assertThat(cluster.leader()).isEqualTo("n3");
            assertThat(r.outcomes()).singleElement().satisfies(o -> assertThat(o.rejoined()).isTrue());
            assertThat(cluster.followers()).containsExactly("n1", "n2");
            assertThat(cluster.divergenceReports()).isEmpty();
            assertThat(unknown.get()).as("no write ended in an unknown state").isZero();
            assertThat(FailoverTest.ids(cluster, "n3")).containsAll(acked);
            assertThat(cluster.awaitCaughtUp(30_000)).isTrue();
            assertThat(cluster.checksums("n1")).isEqualTo(cluster.checksums("n3")).isEqualTo(cluster.checksums("n2"));
            assertThat(acked.size()).isGreaterThan(100);
            System.out.printf("switchover: %d writes acknowledged, %d refused with 1290 and retried%n", acked.size(), refused.get());
        }
    }

    private static void close(LoggedSession s) {
        if (s != null) {
            try {
                s.close();
            } catch (Exception ignored) {
                // Nothing to keep.
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
