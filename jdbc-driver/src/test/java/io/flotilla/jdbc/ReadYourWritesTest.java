package io.flotilla.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.replicator.TestClusters;
import io.flotilla.replicator.cluster.FlotillaCluster;
import io.flotilla.replicator.log.LoggedSession;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Through the driver, with one follower 300 ms behind: 16 threads never read older data than they wrote or saw,
 * across connections when the token is passed; a plain read/write split (eventual) does read stale data.
 */
class ReadYourWritesTest {

    static FlotillaCluster cluster;
    static String url;
    static ConsistencyChecker checker;

    @BeforeAll
    static void up() throws Exception {
        cluster = TestClusters.start(3, Map.of("replication.apply-delay.n3", "300"));
        cluster.startReplication();
        try (LoggedSession s = cluster.openSession()) {
            ConsistencyChecker.createTable(s);
        }
        assertThat(cluster.awaitCaughtUp(10_000)).isTrue();
        url = "jdbc:flotilla://" + cluster.config().nodes().get(cluster.leader()) + "/app?user=app&password=app&pool.max-size=40";
        checker = new ConsistencyChecker(new ConsistencyChecker.Client() {
            @Override
            public Connection open(String consistency) throws SQLException {
                return DriverManager.getConnection(url + (consistency == null ? "" : "&consistency=" + consistency));
            }

            @Override
            public String token(Connection c) throws SQLException {
                return c.getClientInfo(FlotillaConnection.TOKEN_KEY);
            }

            @Override
            public void requireToken(Connection c, String token) throws SQLException {
                c.setClientInfo(FlotillaConnection.TOKEN_KEY, token);
            }
        }, 40);
    }

    @AfterAll
    static void down() {
        cluster.close();
    }

    @Test
    void readYourWritesOnTheSameConnectionAndAcrossConnectionsWithTheToken() throws Exception {
        assertThat(checker.readYourWritesViolations()).as("read-your-writes violations").isZero();
    }

    @Test
    void monotonicReadsNeverGoBackwards() throws Exception {
        assertThat(checker.monotonicViolations()).as("monotonic-read violations").isZero();
    }

    @Test
    void caughtUpFollowersServeMostReads() throws Exception {
        assertThat(cluster.awaitCaughtUp(10_000)).isTrue();
        try (Connection c = DriverManager.getConnection(url)) {
            FlotillaConnection fc = c.unwrap(FlotillaConnection.class);
            Map<String, Long> before = fc.routingMetrics();
            for (int i = 0; i < 200; i++) {
                ConsistencyChecker.read(c, i % ConsistencyChecker.THREADS);
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
        assertThat(checker.staleReadsWithEventualConsistency()).as("stale reads without positions").isPositive();
    }
}
