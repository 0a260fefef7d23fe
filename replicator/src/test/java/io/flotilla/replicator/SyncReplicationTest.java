package io.flotilla.replicator;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.replicator.cluster.FlotillaCluster;
import io.flotilla.replicator.log.LoggedSession;
import io.flotilla.replicator.sync.SyncAckTracker;
import io.flotilla.replicator.sync.SyncState;
import io.flotilla.replicator.sync.UnacknowledgedCommitException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * replication.mode=sync on real embedded nodes: a returned commit is on the synchronous follower; with that follower
 * down, commits block (on-sync-timeout=block) or fall back to async loudly and come back (on-sync-timeout=async).
 */
class SyncReplicationTest {

    @Test
    void aReturnedCommitIsAlreadyOnTheSynchronousFollower() throws Exception {
        // n2 deliberately trails by 150 ms: without waiting for its acknowledgement no row could be there yet.
        try (FlotillaCluster c = TestClusters.start(3, Map.of("replication.mode", "sync", "replication.apply-delay.n2", "150"))) {
            c.startReplication();
            assertThat(c.readSyncState().syncSet()).containsExactly("n2");
            try (LoggedSession s = c.openSession()) {
                s.execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20))", List.of());
                assertThat(c.appliedLsn("n2")).isGreaterThanOrEqualTo(s.lastLsn());
                for (int i = 1; i <= 8; i++) {
                    s.execute("INSERT INTO t VALUES (?, 'auto')", List.of(i));
                    assertThat(rowOn(c, "n2", i)).as("row %d on n2 when its autocommit write returned", i).isEqualTo("auto");
                }
                s.execute("BEGIN", List.of());
                s.execute("INSERT INTO t VALUES (100, 'tx')", List.of());
                s.execute("UPDATE t SET v = 'tx2' WHERE id = 1", List.of());
                s.commit();
                assertThat(rowOn(c, "n2", 100)).isEqualTo("tx");
                assertThat(rowOn(c, "n2", 1)).isEqualTo("tx2");
            }
            SyncAckTracker t = c.syncTracker().orElseThrow();
            assertThat(t.metrics().acks()).isGreaterThanOrEqualTo(10);
            assertThat(t.metrics().fallbacks()).isZero();
        }
    }

    @Test
    void twoSynchronousFollowersBothHaveEveryReturnedCommit() throws Exception {
        // k=2: the slower one (n3, 150 ms behind) decides when a commit returns.
        try (FlotillaCluster c = TestClusters.start(3, Map.of("replication.mode", "sync", "replication.sync-followers", "2",
                "replication.apply-delay.n3", "150"))) {
            c.startReplication();
            assertThat(c.readSyncState().syncSet()).containsExactly("n2", "n3");
            try (LoggedSession s = c.openSession()) {
                s.execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20))", List.of());
                for (int i = 1; i <= 4; i++) {
                    s.execute("INSERT INTO t VALUES (?, 'k2')", List.of(i));
                    assertThat(rowOn(c, "n2", i)).isEqualTo("k2");
                    assertThat(rowOn(c, "n3", i)).as("row %d on the slower synchronous follower", i).isEqualTo("k2");
                }
            }
        }
    }

    @Test
    void followerDownBlocksCommitsPastTheTimeoutUntilItHasAppliedThem() throws Exception {
        try (FlotillaCluster c = TestClusters.start(2, Map.of("replication.mode", "sync", "replication.sync-timeout-ms", "300",
                "replication.on-sync-timeout", "block"))) {
            c.startReplication();
            try (LoggedSession s = c.openSession()) {
                s.execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20))", List.of());
            }
            c.embeddedNode("n2").kill();
            CompletableFuture<Long> write = CompletableFuture.supplyAsync(() -> {
                try (LoggedSession s = c.openSession()) {
                    return s.execute("INSERT INTO t VALUES (1, 'blocked')", List.of()).lsn();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            // Well past the 300 ms timeout: still waiting, and nothing fell back to async.
            Thread.sleep(1500);
            assertThat(write).isNotDone();
            assertThat(c.readSyncState().degraded()).isFalse();
            assertThat(c.syncTracker().orElseThrow().metrics().blockedWarnings()).isPositive();
            // A blocked writer that gives up is told its write is committed on the leader but not acknowledged.
            AtomicReference<Throwable> given = new AtomicReference<>();
            Thread impatient = new Thread(() -> {
                try (LoggedSession s = c.openSession()) {
                    s.execute("INSERT INTO t VALUES (2, 'unacked')", List.of());
                } catch (Throwable e) {
                    given.set(e);
                }
            });
            impatient.start();
            Thread.sleep(500);
            impatient.interrupt();
            impatient.join(10_000);
            assertThat(given.get()).isInstanceOf(UnacknowledgedCommitException.class)
                    .hasMessageContaining("committed on the leader").hasMessageContaining("not acknowledged");
            long unackedLsn = ((UnacknowledgedCommitException) given.get()).lsn();
            assertThat(rowOn(c, "n1", 2)).isEqualTo("unacked");
            c.embeddedNode("n2").start();
            long lsn = write.get(30, TimeUnit.SECONDS);
            assertThat(c.appliedLsn("n2")).isGreaterThanOrEqualTo(lsn);
            assertThat(rowOn(c, "n2", 1)).isEqualTo("blocked");
            assertThat(c.syncTracker().orElseThrow().metrics().fallbacks()).isZero();
            // The unacknowledged write was never rolled back: the follower gets it like any other entry.
            assertThat(c.awaitCaughtUp(30_000)).isTrue();
            assertThat(c.appliedLsn("n2")).isGreaterThanOrEqualTo(unackedLsn);
            assertThat(rowOn(c, "n2", 2)).isEqualTo("unacked");
        }
    }

    @Test
    void followerDownFallsBackToAsyncLoudlyAndReturnsToSyncAfterCatchUp() throws Exception {
        try (FlotillaCluster c = TestClusters.start(2, Map.of("replication.mode", "sync", "replication.sync-timeout-ms", "300",
                "replication.on-sync-timeout", "async"))) {
            c.startReplication();
            try (LoggedSession s = c.openSession()) {
                s.execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20))", List.of());
                c.embeddedNode("n2").kill();
                long t0 = System.nanoTime();
                s.execute("INSERT INTO t VALUES (1, 'timed-out')", List.of());
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).as("waited for the timeout first").isGreaterThanOrEqualTo(300);
                SyncState degraded = c.readSyncState();
                assertThat(degraded.degraded()).isTrue();
                assertThat(degraded.fallbacks()).isEqualTo(1);
                assertThat(degraded.describe()).contains("mode sync (DEGRADED: async since");
                assertThat(c.syncTracker().orElseThrow().metrics().fallbacks()).isEqualTo(1);
                // Degraded: commits go on without the follower.
                for (int i = 2; i <= 20; i++) {
                    s.execute("INSERT INTO t VALUES (?, 'async')", List.of(i));
                }
                assertThat(c.syncTracker().orElseThrow().metrics().asyncAcks()).isGreaterThanOrEqualTo(19);
                c.embeddedNode("n2").start();
                long deadline = System.currentTimeMillis() + 30_000;
                while (c.readSyncState().degraded() && System.currentTimeMillis() < deadline) {
                    Thread.sleep(50);
                }
                SyncState back = c.readSyncState();
                assertThat(back.degraded()).as("back to sync after n2 caught up").isFalse();
                assertThat(back.describe()).startsWith("mode sync, synchronous: n2");
                assertThat(c.syncTracker().orElseThrow().metrics().recoveries()).isEqualTo(1);
                // Everything written while degraded was on n2 when sync resumed, and new commits wait for it again.
                assertThat(rowOn(c, "n2", 20)).isEqualTo("async");
                s.execute("INSERT INTO t VALUES (21, 'sync-again')", List.of());
                assertThat(rowOn(c, "n2", 21)).isEqualTo("sync-again");
            }
        }
    }

    static String rowOn(FlotillaCluster c, String node, int id) throws SQLException {
        try (Connection conn = c.nodes().replicator(node);
             PreparedStatement ps = conn.prepareStatement("SELECT v FROM app.t WHERE id = ?")) {
            ps.setInt(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
