package io.flotilla.replicator;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.replicator.cluster.FlotillaCluster;
import io.flotilla.replicator.log.LoggedSession;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Randomized concurrent workloads leave every follower identical to the leader, table by table. */
class ReplicationConsistencyTest {

    static FlotillaCluster cluster;

    @BeforeAll
    static void up() throws Exception {
        cluster = TestClusters.start(3, Map.of());
        cluster.startReplication();
        try (LoggedSession s = cluster.openSession()) {
            s.execute("CREATE TABLE items (id BIGINT AUTO_INCREMENT PRIMARY KEY, k INT NOT NULL, v VARCHAR(64),"
                    + " r DOUBLE, u CHAR(36), ts DATETIME(6) NOT NULL, touched TIMESTAMP(6) DEFAULT CURRENT_TIMESTAMP(6)"
                    + " ON UPDATE CURRENT_TIMESTAMP(6), KEY(k))", List.of());
            s.execute("CREATE TABLE counters (id INT PRIMARY KEY, n BIGINT NOT NULL)", List.of());
            for (int i = 0; i < 16; i++) {
                s.execute("INSERT INTO counters VALUES (?, 0)", List.of(i));
            }
            s.execute("CREATE TABLE events (id INT AUTO_INCREMENT PRIMARY KEY, kind VARCHAR(16), at DATETIME(6))", List.of());
        }
    }

    @AfterAll
    static void down() {
        cluster.close();
    }

    @Test
    void eightWritersLeaveFollowersByteIdentical() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        AtomicInteger ddlCount = new AtomicInteger();
        AtomicInteger rolledBack = new AtomicInteger();
        List<Future<?>> fs = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            long seed = 1000 + w;
            fs.add(pool.submit(() -> {
                workload(new Random(seed), 120, ddlCount, rolledBack);
                return null;
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        pool.shutdown();
        assertThat(cluster.awaitCaughtUp(60_000)).as("followers caught up").isTrue();
        Map<String, Long> leader = cluster.checksums(cluster.leader());
        assertThat(leader).containsKeys("items", "counters", "events");
        assertThat(leader.get("items")).isNotZero();
        for (String f : cluster.followers()) {
            assertThat(cluster.checksums(f)).as("checksums of %s", f).isEqualTo(leader);
        }
        assertThat(ddlCount.get()).isPositive();
        assertThat(rolledBack.get()).isPositive();
    }

    private static void workload(Random rnd, int ops, AtomicInteger ddlCount, AtomicInteger rolledBack) throws SQLException {
        try (LoggedSession s = cluster.openSession()) {
            for (int i = 0; i < ops; i++) {
                int op = rnd.nextInt(100);
                try {
                    if (op < 35) {
                        s.execute("INSERT INTO items (k, v, r, u, ts) VALUES (?, ?, RAND(), UUID(), NOW(6))",
                                List.of(rnd.nextInt(50), "v" + rnd.nextInt(1000)));
                    } else if (op < 50) {
                        s.execute("UPDATE items SET v = CONCAT(v, '+'), r = r + RAND() WHERE k = ?", List.of(rnd.nextInt(50)));
                    } else if (op < 58) {
                        s.execute("DELETE FROM items WHERE k = ? ORDER BY id LIMIT 2", List.of(rnd.nextInt(50)));
                    } else if (op < 70) {
                        s.execute("UPDATE counters SET n = n + 1 WHERE id = ?", List.of(rnd.nextInt(16)));
                    } else if (op < 88) {
                        explicitTransaction(s, rnd, rolledBack);
                    } else if (op < 90) {
                        ddl(s, rnd, ddlCount);
                    } else {
                        s.execute("INSERT INTO events (kind, at) VALUES (?, SYSDATE(6))", List.of("e" + rnd.nextInt(5)));
                        s.execute("INSERT INTO events (kind, at) VALUES (CONCAT('id', LAST_INSERT_ID()), NOW())", List.of());
                    }
                } catch (SQLException e) {
                    // Deadlocks and lock waits are normal under contention; the statement (or transaction) is undone.
                    if (e.getErrorCode() != 1213 && e.getErrorCode() != 1205 && e.getErrorCode() != 1060 && e.getErrorCode() != 1091) {
                        throw e;
                    }
                    if (s.inTransaction()) {
                        s.rollback();
                    }
                }
            }
        }
    }

    private static void explicitTransaction(LoggedSession s, Random rnd, AtomicInteger rolledBack) throws SQLException {
        s.execute("BEGIN", List.of());
        s.execute("INSERT INTO items (k, v, r, u, ts) VALUES (?, 'tx', RAND(), UUID_SHORT(), NOW(6))", List.of(rnd.nextInt(50)));
        s.execute("SAVEPOINT a", List.of());
        s.execute("UPDATE counters SET n = n + 10 WHERE id = ?", List.of(rnd.nextInt(16)));
        if (rnd.nextBoolean()) {
            s.execute("ROLLBACK TO SAVEPOINT a", List.of());
        }
        s.execute("INSERT INTO items (k, v, r, u, ts) VALUES (?, 'tx2', 1.5, NULL, CURRENT_TIMESTAMP(6))", List.of(rnd.nextInt(50)));
        if (rnd.nextInt(4) == 0) {
            s.execute("ROLLBACK", List.of());
            rolledBack.incrementAndGet();
        } else {
            s.execute("COMMIT", List.of());
        }
    }

    private static void ddl(LoggedSession s, Random rnd, AtomicInteger ddlCount) throws SQLException {
        String col = "c" + rnd.nextInt(4);
        if (rnd.nextBoolean()) {
            s.execute("ALTER TABLE items ADD COLUMN " + col + " DATETIME(6) DEFAULT NOW(6)", List.of());
        } else {
            s.execute("ALTER TABLE items DROP COLUMN " + col, List.of());
        }
        ddlCount.incrementAndGet();
    }
}
