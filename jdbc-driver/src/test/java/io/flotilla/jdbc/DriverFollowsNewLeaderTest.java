package io.flotilla.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.replicator.TestClusters;
import io.flotilla.replicator.cluster.FlotillaCluster;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * JDBC clients follow a new leader: after SIGKILL of the leader (automatic failover, default heartbeat settings) and
 * through a switchover. Measures the failover time: leader death to the first successful write through the driver.
 */
class DriverFollowsNewLeaderTest {

    private static String url(FlotillaCluster cluster, String... nodes) {
        String hosts = java.util.Arrays.stream(nodes).map(n -> cluster.config().nodes().get(n).toString()).collect(Collectors.joining(","));
        return "jdbc:flotilla://" + hosts + "/app?user=app&password=app";
    }

    @Test
    void afterTheLeaderIsKilledWritesGoToTheNewLeaderAndNeverToTheOldOne() throws Exception {
        try (FlotillaCluster cluster = TestClusters.start(3, Map.of("replication.apply-delay.n3", "300"))) {
            cluster.startReplication();
            cluster.startFailoverManager();
            String url = url(cluster, "n1", "n2", "n3");
            try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE t (id INT PRIMARY KEY, w INT NOT NULL)");
            }
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger ids = new AtomicInteger();
            AtomicLong killedAt = new AtomicLong(Long.MAX_VALUE);
            AtomicLong firstWriteAfter = new AtomicLong(Long.MAX_VALUE);
            Set<Integer> ackedAfter = ConcurrentHashMap.newKeySet();
            AtomicInteger readFailures = new AtomicInteger();
            List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
            AtomicInteger reads = new AtomicInteger();
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int writer = w;
                threads.add(new Thread(() -> {
                    // One driver connection per writer for the whole test: it must find the new leader by itself.
                    try (Connection c = DriverManager.getConnection(url);
                         PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
                        while (!stop.get()) {
                            int id = ids.incrementAndGet();
                            try {
                                long before = System.currentTimeMillis();
                                ps.setInt(1, id);
                                ps.setInt(2, writer);
                                ps.executeUpdate();
                                if (before > killedAt.get()) {
                                    ackedAfter.add(id);
                                    firstWriteAfter.accumulateAndGet(System.currentTimeMillis(), Math::min);
                                }
                            } catch (SQLException e) {
                                // An in-flight write's outcome is unknown: reported as 08xxx, never retried here.
                                errors.add((System.currentTimeMillis() - killedAt.get()) + " ms " + e.getSQLState() + " "
                                        + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
                                Thread.sleep(10);
                            }
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            threads.add(new Thread(() -> {
                try (Connection c = DriverManager.getConnection(url + "&consistency=eventual"); Statement st = c.createStatement()) {
                    while (!stop.get()) {
                        try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM t")) {
                            rs.next();
                            reads.incrementAndGet();
                        } catch (SQLException e) {
                            readFailures.incrementAndGet();
                        }
                        Thread.sleep(5);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
            threads.forEach(Thread::start);
            Thread.sleep(1500);
            long killSentAt = System.currentTimeMillis();
            cluster.embeddedNode("n1").kill();
            // kill() returns once the process is gone: a write started after this cannot have reached n1.
            killedAt.set(System.currentTimeMillis());
            long deadline = System.currentTimeMillis() + 30_000;
            while (firstWriteAfter.get() == Long.MAX_VALUE) {
                assertThat(System.currentTimeMillis()).as("no write succeeded after the leader died").isLessThan(deadline);
                Thread.sleep(10);
            }
            long failoverMs = firstWriteAfter.get() - killSentAt;
            System.out.printf("FAILOVER-TIME-MS %d (leader SIGKILL to first successful driver write; heartbeat 500 ms, timeout 2000 ms)%n",
                    failoverMs);
            while (cluster.leader().equals("n1")) {
                Thread.sleep(10);
            }
            // The old leader comes back while the clients keep writing.
            cluster.embeddedNode("n1").start();
            deadline = System.currentTimeMillis() + 20_000;
            while (cluster.divergenceReports().isEmpty() && !cluster.followers().contains("n1")) {
                assertThat(System.currentTimeMillis()).as("n1 never reconciled").isLessThan(deadline);
                Thread.sleep(50);
            }
            Thread.sleep(1000);
            // A client that only knows the old leader's address is sent to the new leader too.
            int viaOld = 5_000_000;
            try (Connection c = DriverManager.getConnection(url(cluster, "n1")); Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO t VALUES (" + viaOld + ", 9)");
            }
            stop.set(true);
            for (Thread t : threads) {
                t.join();
            }
            System.out.println("write errors: " + errors.size() + ", first: " + errors.subList(0, Math.min(5, errors.size())));
            assertThat(errors).allSatisfy(e -> assertThat(e).contains(" ms 08"));
            assertThat(cluster.leader()).isEqualTo("n2");
            assertThat(ackedAfter).isNotEmpty();
            Set<Integer> onNew = ids(cluster, "n2");
            assertThat(onNew).containsAll(ackedAfter).contains(viaOld);
            if (!cluster.followers().contains("n1")) {
                // Excluded (it held lost writes): none of the writes after the failover reached it.
                Set<Integer> onOld = ids(cluster, "n1");
                onOld.retainAll(ackedAfter);
                assertThat(onOld).isEmpty();
                assertThat(ids(cluster, "n1")).doesNotContain(viaOld);
            }
            assertThat(reads.get()).isGreaterThan(0);
            System.out.printf("reads %d, failed reads %d%n", reads.get(), readFailures.get());
        }
    }

    @Test
    void switchoverThroughTheDriverFailsNoAutocommitWrite() throws Exception {
        try (FlotillaCluster cluster = TestClusters.start(3, Map.of())) {
            cluster.startReplication();
            cluster.startFailoverManager();
            String url = url(cluster, "n1", "n2", "n3");
            try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE t (id INT PRIMARY KEY, w INT NOT NULL)");
            }
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger ids = new AtomicInteger();
            Set<Integer> acked = ConcurrentHashMap.newKeySet();
            List<SQLException> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int writer = w;
                threads.add(new Thread(() -> {
                    try (Connection c = DriverManager.getConnection(url);
                         PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
                        while (!stop.get()) {
                            int id = ids.incrementAndGet();
                            try {
                                ps.setInt(1, id);
                                ps.setInt(2, writer);
                                ps.executeUpdate();
                                acked.add(id);
                            } catch (SQLException e) {
                                errors.add(e);
                            }
                        }
                    } catch (SQLException e) {
                        errors.add(e);
                    }
                }));
            }
            threads.forEach(Thread::start);
            Thread.sleep(1000);
            cluster.switchover("n3", 30_000);
            Thread.sleep(1000);
            stop.set(true);
            for (Thread t : threads) {
                t.join();
            }
            assertThat(errors).as("writes refused by the demoted leader wait for the new one and run there").isEmpty();
            assertThat(cluster.awaitCaughtUp(30_000)).isTrue();
            Set<Integer> onNew = ids(cluster, "n3");
            assertThat(onNew).containsAll(acked);
            assertThat(cluster.checksums("n1")).isEqualTo(cluster.checksums("n3")).isEqualTo(cluster.checksums("n2"));
            // Writes after the switchover went to n3 (its own log has entries of epoch 2).
            try (Connection c = cluster.nodes().replicator("n3"); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM flotilla.log WHERE epoch = 2")) {
                rs.next();
                assertThat(rs.getLong(1)).isGreaterThan(0);
            }
        }
    }

    private static Set<Integer> ids(FlotillaCluster cluster, String node) throws SQLException {
        Set<Integer> out = new HashSet<>();
        try (Connection c = cluster.nodes().replicator(node); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id FROM app.t")) {
            while (rs.next()) {
                out.add(rs.getInt(1));
            }
        }
        return out;
    }
}
