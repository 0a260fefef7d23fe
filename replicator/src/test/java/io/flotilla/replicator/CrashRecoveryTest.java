package io.flotilla.replicator;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.replicator.cluster.FlotillaCluster;
import io.flotilla.replicator.log.LoggedSession;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Killing appliers and follower servers at arbitrary moments loses and repeats nothing. */
class CrashRecoveryTest {

    static FlotillaCluster cluster;

    @BeforeAll
    static void up() throws Exception {
        // Small batches make it likely that a kill lands inside an apply transaction.
        // Purging every 100 ms with no retention period: a purge that removed an entry a killed follower still
        // needs would show up as a checksum difference once it catches up.
        cluster = TestClusters.start(3, Map.of("replication.batch-size", "7", "log.retention-ms", "0", "log.purge-interval-ms", "100"));
        cluster.startReplication();
        try (LoggedSession s = cluster.openSession()) {
            s.execute("CREATE TABLE acc (id INT PRIMARY KEY, n BIGINT NOT NULL)", List.of());
            s.execute("CREATE TABLE hist (id BIGINT AUTO_INCREMENT PRIMARY KEY, acc INT, at DATETIME(6))", List.of());
            for (int i = 0; i < 10; i++) {
                s.execute("INSERT INTO acc VALUES (?, 0)", List.of(i));
            }
        }
    }

    @AfterAll
    static void down() {
        cluster.close();
    }

    @Test
    void applierKilledMidBatchAndFollowerSigkilledResumeExactlyOnce() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong writes = new AtomicLong();
        Thread writer = new Thread(() -> {
            try (LoggedSession s = cluster.openSession()) {
                int i = 0;
                while (!stop.get() && i < 4000) {
                    // Increments are not idempotent: an entry applied twice or skipped changes the checksum.
                    s.execute("UPDATE acc SET n = n + 1 WHERE id = ?", List.of(i % 10));
                    s.execute("INSERT INTO hist (acc, at) VALUES (?, NOW(6))", List.of(i % 10));
                    writes.addAndGet(2);
                    i++;
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        writer.start();
        String f2 = cluster.followers().get(0);
        String f3 = cluster.followers().get(1);
        for (int round = 0; round < 3; round++) {
            Thread.sleep(300);
            // The replicator dies for f2: its follower connection is aborted mid-transaction, as a SIGKILL would.
            cluster.killApplier(f2);
            Thread.sleep(200);
            cluster.restartApplier(f2);
            // f3's server dies with SIGKILL and comes back through crash recovery.
            cluster.embeddedNode(f3).kill();
            Thread.sleep(200);
            cluster.embeddedNode(f3).start();
        }
        stop.set(true);
        writer.join();
        assertThat(writes.get()).isGreaterThan(100);
        assertThat(cluster.awaitCaughtUp(60_000)).isTrue();
        Map<String, Long> leader = cluster.checksums(cluster.leader());
        assertThat(cluster.checksums(f2)).isEqualTo(leader);
        assertThat(cluster.checksums(f3)).isEqualTo(leader);
        assertThat(cluster.appliedLsn(f2)).isEqualTo(cluster.leaderHead());
        try (var c = cluster.nodes().replicator(cluster.leader());
             var rs = c.createStatement().executeQuery("SELECT MIN(lsn) FROM flotilla.log")) {
            rs.next();
            assertThat(rs.getLong(1)).as("the log was purged while followers were killed").isGreaterThan(100);
        }
    }
}
