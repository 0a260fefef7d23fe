package io.flotilla.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.jdbc.ConsistencyChecker;
import io.flotilla.replicator.TestClusters;
import io.flotilla.replicator.cluster.FlotillaCluster;
import io.flotilla.replicator.log.LoggedSession;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The driver's read-your-writes and monotonic checkers, run through the proxy with 16 Connector/J clients and one
 * follower 300 ms behind: no client reads older data than it wrote (or, with the token, than another wrote) or saw;
 * the same set-up with eventual consistency does read stale data, so the checker can fail.
 */
class ProxyReadYourWritesTest {
    static FlotillaCluster cluster;
    static ProxyServer proxy;
    static ConsistencyChecker checker;

    @BeforeAll
    static void up() throws Exception {
        cluster = TestClusters.start(3, Map.of("replication.apply-delay.n3", "300"));
        cluster.startReplication();
        try (LoggedSession s = cluster.openSession()) {
            ConsistencyChecker.createTable(s);
        }
        assertThat(cluster.awaitCaughtUp(10_000)).isTrue();
        // 34 concurrent sessions on shared event loops (the default threading is covered by the other classes).
        proxy = ProxyHarness.start(cluster, Map.of("proxy.threading", "event-loop"));
        // Flotilla's session features as the proxy offers them to any MySQL client: SQL, not JDBC extensions.
        checker = new ConsistencyChecker(new ConsistencyChecker.Client() {
            @Override
            public Connection open(String consistency) throws SQLException {
                Connection c = DriverManager.getConnection(ProxyHarness.mysqlUrl(proxy, ""), "app", "app");
                if (consistency != null) {
                    try (Statement st = c.createStatement()) {
                        st.execute("SET flotilla_consistency = '" + consistency + "'");
                    }
                }
                return c;
            }

            @Override
            public String token(Connection c) throws SQLException {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT flotilla_token()")) {
                    rs.next();
                    return rs.getString(1);
                }
            }

            @Override
            public void requireToken(Connection c, String token) throws SQLException {
                try (Statement st = c.createStatement()) {
                    st.execute("SET flotilla_token = '" + token + "'");
                }
            }
        }, 30);
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

    @Test
    void readYourWritesOnTheSameConnectionAndAcrossConnectionsWithTheToken() throws Exception {
        assertThat(checker.readYourWritesViolations()).as("read-your-writes violations through the proxy").isZero();
    }

    @Test
    void monotonicReadsNeverGoBackwards() throws Exception {
        assertThat(checker.monotonicViolations()).as("monotonic-read violations through the proxy").isZero();
    }

    @Test
    void eventualConsistencyThroughTheProxyDoesReadStaleData() throws Exception {
        assertThat(checker.staleReadsWithEventualConsistency()).as("stale reads without positions").isPositive();
    }
}
