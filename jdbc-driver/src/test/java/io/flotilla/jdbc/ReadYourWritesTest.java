package io.flotilla.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.replicator.TestClusters;
import io.flotilla.replicator.cluster.FlotillaCluster;
import io.flotilla.replicator.log.LoggedSession;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
 * Through the driver, with one follower 300 ms behind: 16 threads never read older data than they wrote or saw,
 * across connections when the token is passed; a plain read/write split (eventual) does read stale data.
 */
class ReadYourWritesTest {

    static final int THREADS = 16;
    static final int ROUNDS = 40;
    static FlotillaCluster cluster;
    static String url;

    @BeforeAll
    static void up() throws Exception {
        cluster = TestClusters.start(3, Map.of("replication.apply-delay.n3", "300"));
        cluster.startReplication();
        try (LoggedSession s = cluster.openSession()) {
            s.execute("CREATE TABLE kv (id INT PRIMARY KEY, v BIGINT NOT NULL)", List.of());
            for (int i = 0; i < THREADS * 2; i++) {
                s.execute("INSERT INTO kv VALUES (?, 0)", List.of(i));
            }
        }
        assertThat(cluster.awaitCaughtUp(10_000)).isTrue();
        url = "jdbc:flotilla://" + cluster.config().nodes().get(cluster.leader()) + "/app?user=app&password=app&pool.max-size=40";
    }

    @AfterAll
    static void down() {
        cluster.close();
    }

    private static Connection open(String extra) throws SQLException {
        return DriverManager.getConnection(url + extra);
    }

    private static long read(Connection c, int id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT v FROM kv WHERE id = ?")) {
            ps.setInt(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void write(Connection c, int id, long v) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE kv SET v = ? WHERE id = ?")) {
            ps.setLong(1, v);
            ps.setInt(2, id);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    private static long runThreads(Callable<Long> task) throws Exception {
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
            try (Connection writer = open(""); Connection other = open("")) {
                for (long v = 1; v <= ROUNDS; v++) {
                    write(writer, id, v);
                    if (read(writer, id) != v) {
                        bad++;
                    }
                    // Another connection (another service) that gets the token must see the write too.
                    other.setClientInfo("flotilla.token", writer.getClientInfo("flotilla.token"));
                    if (read(other, id) < v) {
                        bad++;
                    }
                }
            }
            return bad;
        });
        assertThat(violations).as("read-your-writes violations").isZero();
    }

    @Test
    void monotonicReadsNeverGoBackwards() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        int id = THREADS + 1;
        Thread writer = new Thread(() -> {
            try (Connection c = open("")) {
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
                try (Connection c = open("&consistency=monotonic")) {
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
        assertThat(violations).as("monotonic-read violations").isZero();
    }

    @Test
    void caughtUpFollowersServeMostReads() throws Exception {
        assertThat(cluster.awaitCaughtUp(10_000)).isTrue();
        try (Connection c = open("")) {
            FlotillaConnection fc = c.unwrap(FlotillaConnection.class);
            Map<String, Long> before = fc.routingMetrics();
            for (int i = 0; i < 200; i++) {
                read(c, i % THREADS);
            }
            Map<String, Long> after = fc.routingMetrics();
            long follower = after.getOrDefault("target.follower", 0L) - before.getOrDefault("target.follower", 0L);
            long leader = after.getOrDefault("target.leader", 0L) - before.getOrDefault("target.leader", 0L);
            assertThat(follower).as("reads served by followers (leader served %d)", leader).isGreaterThanOrEqualTo(180);
        }
    }

    @Test
    void aPlainReadWriteSplitReadsStaleDataInTheSameSetUp() throws Exception {
        // Contrast: eventual consistency is what a split without positions gives; the checker must catch it.
        AtomicLong ids = new AtomicLong(THREADS);
        long stale = runThreads(() -> {
            int id = (int) (ids.getAndIncrement() % (THREADS * 2));
            long bad = 0;
            try (Connection c = open("&consistency=eventual")) {
                for (long v = 1000; v < 1000 + ROUNDS / 4; v++) {
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
