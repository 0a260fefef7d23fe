package io.flotilla.replicator;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.replicator.cluster.FlotillaCluster;
import io.flotilla.replicator.log.LogWriter;
import io.flotilla.replicator.log.LoggedSession;
import io.flotilla.replicator.sync.SyncAckTracker;
import io.flotilla.routing.sql.CachingAnalyzer;
import io.flotilla.routing.sql.LexicalAnalyzer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two writer processes (the cluster's writer and a second, independent writer with its own acknowledgement poller, as
 * a driver in another JVM has) waiting at the same time on a dead synchronous follower fall back to async once, not
 * twice, and the second sees the first one's decisions through the leader's record.
 */
class SyncWritersAgreeTest {

    @Test
    void concurrentWritersFallBackOnceAndReturnOnce() throws Exception {
        try (FlotillaCluster c = TestClusters.start(2, Map.of("replication.mode", "sync", "replication.sync-timeout-ms", "500",
                "replication.on-sync-timeout", "async"))) {
            c.startReplication();
            try (SyncAckTracker other = new SyncAckTracker(c.readSyncState(), c::leader, c::followers, c.nodes()::replicator, 100)) {
                LogWriter otherWriter = new LogWriter(new CachingAnalyzer(new LexicalAnalyzer(), 100), c::epoch, c.config().unsafePolicy(),
                        () -> {
                            throw new IllegalStateException("no DDL in this test");
                        }, other);
                try (LoggedSession s = c.openSession()) {
                    s.execute("CREATE TABLE t (id INT PRIMARY KEY)", List.of());
                }
                c.embeddedNode("n2").kill();
                CompletableFuture<Void> a = CompletableFuture.runAsync(() -> insert(c, c.writer(), 1));
                CompletableFuture<Void> b = CompletableFuture.runAsync(() -> insert(c, otherWriter, 2));
                CompletableFuture.allOf(a, b).get(30, TimeUnit.SECONDS);
                SyncAckTracker mine = c.syncTracker().orElseThrow();
                assertThat(c.readSyncState().fallbacks()).as("one fallback for the cluster").isEqualTo(1);
                assertThat(mine.metrics().fallbacks() + other.metrics().fallbacks()).isEqualTo(1);
                // Both now acknowledge as async without waiting for the timeout again.
                insert(c, otherWriter, 3);
                insert(c, c.writer(), 4);
                assertThat(mine.metrics().asyncAcks()).isPositive();
                assertThat(other.metrics().asyncAcks()).isPositive();
                c.embeddedNode("n2").start();
                long deadline = System.currentTimeMillis() + 30_000;
                while (c.readSyncState().degraded() && System.currentTimeMillis() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(c.readSyncState().degraded()).isFalse();
                // Each process re-reads the record at most 20 ms after it changed (documented window).
                while ((mine.state().degraded() || other.state().degraded()) && System.currentTimeMillis() < deadline) {
                    Thread.sleep(5);
                }
                assertThat(other.state().degraded()).isFalse();
                assertThat(mine.metrics().recoveries() + other.metrics().recoveries()).as("one return to sync").isEqualTo(1);
                // After the return both wait again: a returned write is on n2.
                insert(c, otherWriter, 5);
                assertThat(c.appliedLsn("n2")).isEqualTo(c.leaderHead());
            }
        }
    }

    private static void insert(FlotillaCluster c, LogWriter w, int id) {
        try (LoggedSession s = new LoggedSession(w, c.nodes().app(c.leader()))) {
            s.execute("INSERT INTO t VALUES (?)", List.of(id));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
