package io.flotilla.replicator;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.replicator.cluster.FlotillaCluster;
import io.flotilla.replicator.log.EntryCodec;
import io.flotilla.replicator.log.LoggedSession;
import io.flotilla.replicator.log.LoggedStatement;
import io.flotilla.replicator.provision.CopyProgress;
import io.flotilla.replicator.provision.ProvisionResult;
import io.flotilla.routing.config.HostPort;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A snapshot taken while lower LSNs are still in flight: one commits after the snapshot (its data is not in the copy
 * and must be applied before catch-up), one rolls back (a permanent hole); the new follower ends identical.
 */
class SnapshotHoleTest {

    @Test
    void entriesInFlightAtTheSnapshotAreAppliedOnceAndRolledBackOnesNever() throws Exception {
        try (FlotillaCluster cluster = TestClusters.start(2, Map.of())) {
            cluster.startReplication();
            try (LoggedSession s = cluster.openSession()) {
                s.execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20), n BIGINT NOT NULL)", List.of());
                s.execute("INSERT INTO t VALUES (1, 'one', 1), (2, 'two', 2)", List.of());
            }
            String leader = cluster.leader();
            try (Connection late = cluster.nodes().app(leader); Connection doomed = cluster.nodes().app(leader);
                 Connection admin = cluster.nodes().replicator(leader); LoggedSession fast = cluster.openSession()) {
                // "late": changes row 1 and takes the lower LSN, but does not commit yet.
                long lateTrx = inFlight(admin, late, "UPDATE t SET n = n + 100, v = 'late' WHERE id = 1");
                // "doomed": takes the next LSN and will roll back after the snapshot.
                long doomedTrx = inFlight(admin, doomed, "INSERT INTO t VALUES (9, 'doomed', 9)");
                // A higher LSN commits before the snapshot: MAX(lsn) in the snapshot is above both holes.
                fast.execute("UPDATE t SET n = n + 1 WHERE id = 2", List.of());
                long p = fast.lastLsn();

                int port = TestClusters.freePort();
                CompletableFuture<ProvisionResult> add = CompletableFuture.supplyAsync(() -> {
                    try {
                        return cluster.addFollower("n9", new HostPort("127.0.0.1", port), CopyProgress.quiet());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                // The snapshot is taken and its in-flight scan is waiting for the late transaction: commit it now,
                // so its data is certainly not in the snapshot. Then the scan waits for the doomed one: roll it back.
                awaitScanBlockedBy(admin, lateTrx, add);
                late.commit();
                awaitScanBlockedBy(admin, doomedTrx, add);
                doomed.rollback();
                ProvisionResult r = add.get(120, TimeUnit.SECONDS);

                assertThat(r.lsn()).isEqualTo(p);
                assertThat(r.lateEntries()).as("exactly the committed in-flight entry is late").isEqualTo(1);
                fast.execute("UPDATE t SET n = n + 1000 WHERE id = 1", List.of());
                assertThat(cluster.awaitActive("n9", 60_000)).isTrue();
                assertThat(cluster.awaitCaughtUp(60_000)).isTrue();
                Map<String, Long> expected = cluster.checksums(leader);
                assertThat(cluster.checksums("n9")).isEqualTo(expected);
                assertThat(cluster.checksums(cluster.followers().get(0))).isEqualTo(expected);
                try (Connection c = cluster.nodes().app("n9"); ResultSet rs = c.createStatement().executeQuery("SELECT id, v, n FROM t ORDER BY id")) {
                    StringBuilder rows = new StringBuilder();
                    while (rs.next()) {
                        rows.append(rs.getInt(1)).append(':').append(rs.getString(2)).append(':').append(rs.getLong(3)).append(' ');
                    }
                    assertThat(rows.toString().trim()).isEqualTo("1:late:1101 2:two:3");
                }
            }
        }
    }

    @Test
    void aDdlCommittedDuringTheCopyForcesAFreshSnapshot() throws Exception {
        try (FlotillaCluster cluster = TestClusters.start(2, Map.of())) {
            cluster.startReplication();
            try (LoggedSession s = cluster.openSession()) {
                s.execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20), n BIGINT NOT NULL)", List.of());
                s.execute("INSERT INTO t VALUES (1, 'one', 1)", List.of());
            }
            String leader = cluster.leader();
            try (Connection late = cluster.nodes().app(leader); Connection admin = cluster.nodes().replicator(leader);
                 LoggedSession fast = cluster.openSession(); LoggedSession ddl = cluster.openSession()) {
                long lateTrx = inFlight(admin, late, "UPDATE t SET n = n + 100 WHERE id = 1");
                fast.execute("INSERT INTO t VALUES (2, 'two', 2)", List.of());
                int port = TestClusters.freePort();
                CompletableFuture<ProvisionResult> add = CompletableFuture.supplyAsync(() -> {
                    try {
                        return cluster.addFollower("n9", new HostPort("127.0.0.1", port), CopyProgress.quiet());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                // The first snapshot is taken; a DDL commits after it (above P), so that copy may hold either schema.
                awaitScanBlockedBy(admin, lateTrx, add);
                ddl.execute("CREATE TABLE t2 (id INT PRIMARY KEY)", List.of());
                ddl.execute("INSERT INTO t2 VALUES (7)", List.of());
                late.commit();
                ProvisionResult r = add.get(120, TimeUnit.SECONDS);
                assertThat(r.attempts()).as("the copy that overlapped the DDL was taken again").isEqualTo(2);
                assertThat(cluster.awaitActive("n9", 60_000)).isTrue();
                assertThat(cluster.awaitCaughtUp(60_000)).isTrue();
                Map<String, Long> expected = cluster.checksums(leader);
                assertThat(expected).containsKeys("t", "t2");
                assertThat(cluster.checksums("n9")).isEqualTo(expected);
            }
        }
    }

    /** Runs a statement and appends its log entry in an open transaction; returns the InnoDB transaction id. */
    private static long inFlight(Connection admin, Connection c, String sql) throws Exception {
        c.setAutoCommit(false);
        c.createStatement().execute(sql);
        LoggedStatement st = new LoggedStatement(sql, List.of(), "app", System.currentTimeMillis() * 1000, 0, -1, -1, null, false);
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO flotilla.log (epoch, created_us, last_iid, entry) VALUES (1, ?, NULL, ?)")) {
            ps.setLong(1, System.currentTimeMillis() * 1000);
            ps.setBytes(2, EntryCodec.encode(List.of(st)));
            ps.executeUpdate();
        }
        long thread;
        try (ResultSet rs = c.createStatement().executeQuery("SELECT CONNECTION_ID()")) {
            rs.next();
            thread = rs.getLong(1);
        }
        // Reading InnoDB's transaction list needs PROCESS, which the application user lacks.
        try (PreparedStatement ps = admin.prepareStatement("SELECT trx_id FROM information_schema.INNODB_TRX WHERE trx_mysql_thread_id = ?")) {
            ps.setLong(1, thread);
            for (int i = 0; i < 100; i++) {
                idle();
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return rs.getLong(1);
                    }
                }
            }
        }
        throw new AssertionError("transaction of connection " + thread + " not listed");
    }

    /** Waits until the provisioner's locking scan of the log (not an applier's point read) waits on that transaction. */
    private static void awaitScanBlockedBy(Connection admin, long trx, CompletableFuture<?> add) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        try (PreparedStatement ps = admin.prepareStatement("SELECT COUNT(*) FROM information_schema.INNODB_LOCK_WAITS w"
                + " JOIN information_schema.INNODB_TRX r ON r.trx_id = w.requesting_trx_id"
                + " WHERE w.blocking_trx_id = ? AND r.trx_query LIKE '%lsn <= %LOCK IN SHARE MODE%'")) {
            ps.setLong(1, trx);
            while (System.currentTimeMillis() < deadline) {
                idle();
                if (add.isDone()) {
                    add.get();
                    throw new AssertionError("provisioning finished without waiting on transaction " + trx);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        return;
                    }
                }
            }
        }
        StringBuilder seen = new StringBuilder();
        idle();
        try (ResultSet rs = admin.createStatement().executeQuery("SELECT t.trx_id, t.trx_state, t.trx_mysql_thread_id, t.trx_query,"
                + " (SELECT GROUP_CONCAT(w.blocking_trx_id) FROM information_schema.INNODB_LOCK_WAITS w WHERE w.requesting_trx_id = t.trx_id)"
                + " FROM information_schema.INNODB_TRX t")) {
            while (rs.next()) {
                seen.append("\n  ").append(rs.getString(1)).append(' ').append(rs.getString(2)).append(" thread ").append(rs.getString(3))
                        .append(" blocked by ").append(rs.getString(5)).append(": ").append(rs.getString(4));
            }
        }
        throw new AssertionError("the provisioner's scan never waited on transaction " + trx + "; transactions:" + seen);
    }

    /**
     * InnoDB refills its information_schema transaction and lock tables only when they were not read for 100 ms: a
     * faster poll would read the same stale copy forever.
     */
    private static void idle() throws InterruptedException {
        Thread.sleep(150);
    }
}
