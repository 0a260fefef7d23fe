package io.flotilla.replicator;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.replicator.cluster.FlotillaCluster;
import io.flotilla.replicator.log.LoggedSession;
import io.flotilla.replicator.sync.SyncAckTracker;
import io.flotilla.replicator.sync.SyncState;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Semi-sync with the synchronous follower's mariadbd SIGKILLed under write load: a caught-up asynchronous follower
 * becomes synchronous, writes go on (no fallback to async: the timeout is long and set to block), and every commit
 * acknowledged after the promotion is on the new synchronous follower when it returns.
 */
class SemiSyncFailoverOfSyncFollowerTest {

    @Test
    void killedSynchronousFollowerIsReplacedByACaughtUpOneAndWritesGoOn() throws Exception {
        try (FlotillaCluster c = TestClusters.start(3, Map.of("replication.mode", "semi-sync", "replication.sync-timeout-ms", "60000",
                "replication.on-sync-timeout", "block", "replication.semi-sync.promote-after-ms", "100"))) {
            c.startReplication();
            assertThat(c.readSyncState().syncSet()).containsExactly("n2");
            try (LoggedSession s = c.openSession()) {
                s.execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20))", List.of());
            }
            SyncAckTracker tracker = c.syncTracker().orElseThrow();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger nextId = new AtomicInteger();
            AtomicLong afterPromotion = new AtomicLong();
            AtomicLong missingOnN3 = new AtomicLong();
            AtomicReference<Exception> failure = new AtomicReference<>();
            Thread writer = new Thread(() -> {
                try (LoggedSession s = c.openSession()) {
                    while (!stop.get()) {
                        int id = nextId.incrementAndGet();
                        s.execute("INSERT INTO t VALUES (?, 'w')", List.of(id));
                        // Once n3 is the synchronous follower, an acknowledged write must already be there.
                        if (tracker.state().syncSet().equals(List.of("n3"))) {
                            afterPromotion.incrementAndGet();
                            if (!"w".equals(SyncReplicationTest.rowOn(c, "n3", id))) {
                                missingOnN3.incrementAndGet();
                            }
                        }
                    }
                } catch (Exception e) {
                    failure.set(e);
                }
            });
            writer.start();
            Thread.sleep(500);
            int beforeKill = nextId.get();
            c.embeddedNode("n2").kill();
            long killedAt = System.currentTimeMillis();
            Thread.sleep(3000);
            stop.set(true);
            writer.join(70_000);
            assertThat(failure.get()).isNull();
            assertThat(beforeKill).as("writes before the kill").isGreaterThan(10);
            SyncState after = c.readSyncState();
            assertThat(after.syncSet()).as("n3 took over as synchronous follower").containsExactly("n3");
            assertThat(after.degraded()).isFalse();
            assertThat(tracker.metrics().promotions()).isEqualTo(1);
            assertThat(tracker.metrics().fallbacks()).isZero();
            assertThat(afterPromotion.get()).as("writes acknowledged by n3 in the %d ms after the kill",
                    System.currentTimeMillis() - killedAt).isGreaterThan(50);
            assertThat(missingOnN3.get()).isZero();
            assertThat(after.describe()).startsWith("mode semi-sync, synchronous: n3");
        }
    }

    @Test
    void aSlowSynchronousFollowerIsReplacedByOneThatHasAlreadyAppliedTheCommit() throws Exception {
        // n2 is alive but 2 s behind; n3 applies at once.
        try (FlotillaCluster c = TestClusters.start(3, Map.of("replication.mode", "semi-sync", "replication.apply-delay.n2", "2000",
                "replication.sync-timeout-ms", "60000", "replication.semi-sync.promote-after-ms", "100"))) {
            c.startReplication();
            try (LoggedSession s = c.openSession()) {
                s.execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20))", List.of());
                long lsn = s.execute("INSERT INTO t VALUES (1, 'fast')", List.of()).lsn();
                // Acknowledged by n3, well before n2 could have applied it (or even the CREATE TABLE before it).
                assertThat(SyncReplicationTest.rowOn(c, "n3", 1)).isEqualTo("fast");
                assertThat(c.appliedLsn("n2")).isLessThan(lsn);
            }
            assertThat(c.readSyncState().syncSet()).containsExactly("n3");
            assertThat(c.syncTracker().orElseThrow().metrics().promotions()).isEqualTo(1);
        }
    }
}
