package io.flotilla.replicator.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flotilla.replicator.TestClusters;
import io.flotilla.replicator.cluster.FlotillaCluster;
import io.flotilla.replicator.log.LoggedSession;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * What a switchover's drain waits for on the read-only leader: transactions holding uncommitted changes (which may
 * still commit when their user bypasses read_only), until they end, but not locking reads waiting behind a lock.
 */
class SwitchoverDrainTest {

    @Test
    void drainWaitsForUncommittedChangesUntilTheyEndButNotForLockWaitingReads() throws Exception {
        try (FlotillaCluster cluster = TestClusters.start(2, Map.of())) {
            cluster.startReplication();
            cluster.startFailoverManager();
            String first = cluster.leader();
            String second = cluster.followers().get(0);
            try (LoggedSession s = cluster.openSession()) {
                s.execute("CREATE TABLE t (id INT PRIMARY KEY, w INT NOT NULL)", List.of());
                s.execute("INSERT INTO t VALUES (1, 0), (2, 0)", List.of());
            }
            assertThat(cluster.awaitCaughtUp(10_000)).isTrue();

            // A user that bypasses read_only (the replicator's) holds a change: its COMMIT could still succeed, so
            // the drain waits for it, and the timeout names it; the leader is writable again afterwards.
            try (Connection privileged = cluster.nodes().replicator(first); Statement st = privileged.createStatement()) {
                privileged.setAutoCommit(false);
                st.executeUpdate("UPDATE app.t SET w = w + 1 WHERE id = 2");
                long thread = scalar(st, "SELECT CONNECTION_ID()");
                assertThatThrownBy(() -> cluster.switchover(second, 1500))
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("switchover aborted")
                        .hasMessageContaining("thread " + thread + " RUNNING rows 1");
                assertThat(cluster.leader()).isEqualTo(first);
                try (LoggedSession s = cluster.openSession()) {
                    assertThat(s.execute("UPDATE t SET w = 5 WHERE id = 1", List.of()).updateCount()).isEqualTo(1);
                }

                // Again, and the transaction ends while the drain waits: the switchover then goes on.
                st.executeUpdate("UPDATE app.t SET w = w + 1 WHERE id = 2");
                CompletableFuture<PromotionResult> switching = new CompletableFuture<>();
                Thread t = new Thread(() -> {
                    try {
                        switching.complete(cluster.switchover(second, 20_000));
                    } catch (Exception e) {
                        switching.completeExceptionally(e);
                    }
                }, "switchover");
                t.start();
                Thread.sleep(1500);
                assertThat(switching).as("the drain waits for the open change").isNotDone();
                privileged.rollback();
                assertThat(switching.get().leader()).isEqualTo(second);
            }

            // On the new leader an idle locking read holds row 1 and a second one waits for it (LOCK WAIT, nothing
            // modified): neither can write any more, so the switchover back does not wait for them.
            try (Connection holder = cluster.nodes().app(second); Connection waiter = cluster.nodes().app(second);
                 Connection admin = cluster.nodes().replicator(second)) {
                holder.setAutoCommit(false);
                waiter.setAutoCommit(false);
                try (Statement st = holder.createStatement()) {
                    scalar(st, "SELECT w FROM t WHERE id = 1 FOR UPDATE");
                }
                CompletableFuture<Long> waiting = new CompletableFuture<>();
                Thread reader = new Thread(() -> {
                    try (Statement st = waiter.createStatement()) {
                        waiting.complete(scalar(st, "SELECT w FROM t WHERE id = 1 LOCK IN SHARE MODE"));
                    } catch (SQLException e) {
                        waiting.completeExceptionally(e);
                    }
                }, "locking-reader");
                reader.start();
                try (Statement st = admin.createStatement()) {
                    long deadline = System.currentTimeMillis() + 10_000;
                    while (scalar(st, "SELECT COUNT(*) FROM information_schema.innodb_trx WHERE trx_state = 'LOCK WAIT'") == 0) {
                        assertThat(System.currentTimeMillis()).as("the second read waits for the lock").isLessThan(deadline);
                        Thread.sleep(150); // innodb_trx is refreshed only after 100 ms without a reader
                    }
                }
                // innodb_lock_wait_timeout (50 s) is far longer than this switchover may take.
                PromotionResult r = cluster.switchover(first, 5_000);
                assertThat(r.leader()).isEqualTo(first);
                assertThat(waiting).as("still waiting: the drain did not need it to end").isNotDone();
                holder.rollback();
                assertThat(waiting.get()).isEqualTo(5);
                waiter.rollback();
            }
            try (LoggedSession s = cluster.openSession()) {
                s.execute("UPDATE t SET w = 7 WHERE id = 1", List.of());
            }
            assertThat(cluster.awaitCaughtUp(30_000)).isTrue();
            assertThat(cluster.checksums(first)).isEqualTo(cluster.checksums(second));
        }
    }

    private static long scalar(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
