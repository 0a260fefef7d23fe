package io.flotilla.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.replicator.TestClusters;
import io.flotilla.replicator.cluster.FlotillaCluster;
import io.flotilla.replicator.log.LoggedSession;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The driver's read-your-writes and monotonic checkers, run through the proxy with 16 Connector/J clients and one
 * follower 300 ms behind: no client reads older data than it wrote (or, with the token, than another wrote) or saw;
 * the same set-up with eventual consistency does read stale data, so the checker can fail.
 */
class ProxyReadYourWritesTest {
    static final int THREADS = 16;
    static final int ROUNDS = 30;
    static FlotillaCluster cluster;
    static ProxyServer proxy;

    @BeforeAll
    static void up() throws Exception {
        cluster = TestClusters.start(3, Map.of("replication.apply-delay.n3", "300"));
        cluster.startReplication();
        try (LoggedSession s = cluster.openSession()) {
            s.execute("CREATE TABLE kv (id INT PRIMARY KEY, v BIGINT NOT NULL)", List.of());
            for (int i = 0; i <= THREADS * 2; i++) {
                s.execute("INSERT INTO kv VALUES (?, 0)", List.of(i));
            }
        }
        assertThat(cluster.awaitCaughtUp(10_000)).isTrue();
        // 34 concurrent sessions on shared event loops (the default threading is covered by the other classes).
        proxy = ProxyHarness.start(cluster, Map.of("proxy.threading", "event-loop"));
    }

    @AfterAll
    static void down() {
        if (proxy != null) {
            proxy.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    static Connection open(String consistency) throws SQLException {
        Connection c = DriverManager.getConnection(ProxyHarness.mysqlUrl(proxy, ""), "app", "app");
        if (consistency != null) {
            try (Statement st = c.createStatement()) {
                st.execute("SET flotilla_consistency = '" + consistency + "'");
            }
        }
        return c;
    }

    static long read(Connection c, int id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT v FROM kv WHERE id = ?")) {
            ps.setInt(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static void write(Connection c, int id, long v) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE kv SET v = ? WHERE id = ?")) {
            ps.setLong(1, v);
            ps.setInt(2, id);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    static String token(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT flotilla_token()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    static long runThreads(Callable<Long> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Long>> fs = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                fs.add(pool.submit(task));
            }
            long sum = 0;
            for (Future<Long> f : fs) {
                sum += f.get();
            }
            return sum;
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void readYourWritesOnTheSameConnectionAndAcrossConnectionsWithTheToken() throws Exception {
        AtomicLong ids = new AtomicLong();
        long violations = runThreads(() -> {
            int id = (int) ids.getAndIncrement();
            long bad = 0;
            try (Connection writer = open(null); Connection other = open(null); Statement st = other.createStatement()) {
                for (long v = 1; v <= ROUNDS; v++) {
                    write(writer, id, v);
                    if (read(writer, id) != v) {
                        bad++;
                    }
                    st.execute("SET flotilla_token = '" + token(writer) + "'");
                    if (read(other, id) < v) {
                        bad++;
                    }
                }
            }
            return bad;
        });
        assertThat(violations).as("read-your-writes violations through the proxy").isZero();
    }

    @Test
    void monotonicReadsNeverGoBackwards() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        // A row no other test writes: the checker needs values that only grow.
        int id = THREADS * 2;
        Thread writer = new Thread(() -> {
            try (Connection c = open(null)) {
                for (long v = 1; !stop.get() && v < 100_000; v++) {
                    write(c, id, v);
                    Thread.sleep(3);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        writer.start();
        long violations;
        try {
            violations = runThreads(() -> {
                long bad = 0;
                long last = -1;
                try (Connection c = open("monotonic")) {
                    for (int i = 0; i < ROUNDS * 3; i++) {
                        long v = read(c, id);
                        if (v < last) {
                            bad++;
                        }
                        last = Math.max(last, v);
                    }
                }
                return bad;
            });
        } finally {
            stop.set(true);
            writer.join();
        }
        assertThat(violations).as("monotonic-read violations through the proxy").isZero();
    }

    @Test
    void eventualConsistencyThroughTheProxyDoesReadStaleData() throws Exception {
        AtomicLong ids = new AtomicLong(THREADS);
        long stale = runThreads(() -> {
            int id = (int) (ids.getAndIncrement() % (THREADS * 2));
            long bad = 0;
            try (Connection c = open("eventual")) {
                for (long v = 1000; v < 1000 + ROUNDS / 3; v++) {
                    write(c, id, v);
                    if (read(c, id) != v) {
                        bad++;
                    }
                }
            }
            return bad;
        });
        assertThat(stale).as("stale reads without positions").isPositive();
    }
}
