package io.flotilla.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.replicator.TestClusters;
import io.flotilla.replicator.cluster.FlotillaCluster;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Clients of the proxy follow a failover: after SIGKILL of the leader's mariadbd, MySQL clients that stay connected to
 * the proxy write to the new leader, never to the old one, and a write whose outcome is unknown fails with a
 * connection-class error instead of being repeated.
 */
class ProxyFollowsNewLeaderTest {

    @Test
    void proxyClientsWriteToTheNewLeaderAfterTheLeaderIsKilled() throws Exception {
        try (FlotillaCluster cluster = TestClusters.start(3, Map.of())) {
            cluster.startReplication();
            cluster.startFailoverManager();
            ProxyServer proxy = ProxyHarness.start(cluster, Map.of());
            try (proxy) {
                String url = ProxyHarness.mysqlUrl(proxy, "");
                try (Connection c = DriverManager.getConnection(url, "app", "app"); Statement st = c.createStatement()) {
                    st.execute("CREATE TABLE t (id INT PRIMARY KEY, w INT NOT NULL)");
                }
                AtomicBoolean stop = new AtomicBoolean();
                AtomicInteger ids = new AtomicInteger();
                AtomicLong killedAt = new AtomicLong(Long.MAX_VALUE);
                Set<Integer> ackedAfter = ConcurrentHashMap.newKeySet();
                List<String> errors = new CopyOnWriteArrayList<>();
                List<Thread> writers = List.of(writer(url, 1, stop, ids, killedAt, ackedAfter, errors),
                        writer(url, 2, stop, ids, killedAt, ackedAfter, errors));
                writers.forEach(Thread::start);
                Thread.sleep(1000);
                cluster.embeddedNode("n1").kill();
                killedAt.set(System.currentTimeMillis());
                long deadline = System.currentTimeMillis() + 30_000;
                while (ackedAfter.size() < 20) {
                    assertThat(System.currentTimeMillis()).as("no write through the proxy succeeded after the leader died")
                            .isLessThan(deadline);
                    Thread.sleep(20);
                }
                stop.set(true);
                for (Thread t : writers) {
                    t.join(30_000);
                }
                assertThat(cluster.leader()).isNotEqualTo("n1");
                // Only connection-class errors (outcome unknown) or the demoted leader's refusal reached the clients.
                assertThat(errors).allSatisfy(e -> assertThat(e).matches("(?s)(08|HY000 1290).*"));
                // A session opened after the failover writes too.
                try (Connection c = DriverManager.getConnection(url, "app", "app"); Statement st = c.createStatement()) {
                    assertThat(st.executeUpdate("INSERT INTO t VALUES (9000000, 9)")).isEqualTo(1);
                }
                Set<Integer> onNew = ids(cluster, cluster.leader());
                assertThat(onNew).containsAll(ackedAfter).contains(9000000);
            }
        }
    }

    private static Thread writer(String url, int w, AtomicBoolean stop, AtomicInteger ids, AtomicLong killedAt,
            Set<Integer> ackedAfter, List<String> errors) {
        return new Thread(() -> {
            // One client connection for the whole test: the proxy session behind it must find the new leader.
            try (Connection c = DriverManager.getConnection(url, "app", "app");
                    PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
                while (!stop.get()) {
                    int id = ids.incrementAndGet();
                    long before = System.currentTimeMillis();
                    try {
                        ps.setInt(1, id);
                        ps.setInt(2, w);
                        ps.executeUpdate();
                        if (before > killedAt.get()) {
                            ackedAfter.add(id);
                        }
                    } catch (SQLException e) {
                        errors.add(e.getSQLState() + (e.getErrorCode() == 1290 ? " 1290" : "") + " " + e.getMessage());
                        Thread.sleep(10);
                    }
                }
            } catch (Exception e) {
                errors.add("client: " + e);
            }
        }, "proxy-writer-" + w);
    }

    private static Set<Integer> ids(FlotillaCluster cluster, String node) throws SQLException {
        Set<Integer> out = new HashSet<>();
        try (Connection c = cluster.nodes().app(node); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT id FROM t")) {
            while (rs.next()) {
                out.add(rs.getInt(1));
            }
        }
        return out;
    }
}
