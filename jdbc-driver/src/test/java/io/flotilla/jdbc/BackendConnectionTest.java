package io.flotilla.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.flotilla.replicator.TestClusters;
import io.flotilla.replicator.cluster.FlotillaCluster;
import io.flotilla.replicator.log.LoggedSession;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The driver's backend connections on their channel sockets: pending interrupts, Connector/J's socket timeout. */
class BackendConnectionTest {

    static FlotillaCluster cluster;
    static String url;

    @BeforeAll
    static void up() throws Exception {
        cluster = TestClusters.start(2, Map.of());
        cluster.startReplication();
        try (LoggedSession s = cluster.openSession()) {
            s.execute("CREATE TABLE t (id INT PRIMARY KEY, v INT)", List.of());
            s.execute("INSERT INTO t VALUES (1, 10)", List.of());
        }
        assertThat(cluster.awaitCaughtUp(10_000)).isTrue();
        url = "jdbc:flotilla://" + cluster.config().nodes().get(cluster.leader()) + "/app?user=app&password=app";
    }

    @AfterAll
    static void down() {
        cluster.close();
    }

    private static int read(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT v FROM t WHERE id = 1")) {
            assertThat(rs.next()).isTrue();
            return rs.getInt(1);
        }
    }

    @Test
    void statementsRunWhileAnInterruptIsPendingAndTheInterruptIsKept() throws Exception {
        try (Connection c = DriverManager.getConnection(url)) {
            assertThat(read(c)).isEqualTo(10);
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.executeUpdate("UPDATE t SET v = v + 1 WHERE id = 1");
            }
            // An application that caught an InterruptedException and restored the flag still gets its statements run,
            // as with plain sockets (a socket channel would have been closed by the pending interrupt).
            Thread.currentThread().interrupt();
            try {
                c.commit();
                c.setAutoCommit(true);
                assertThat(read(c)).isEqualTo(11);
            } finally {
                assertThat(Thread.interrupted()).as("the interrupt is still pending").isTrue();
            }
            assertThat(read(c)).isEqualTo(11);
        } finally {
            try (LoggedSession s = cluster.openSession()) {
                s.execute("UPDATE t SET v = 10 WHERE id = 1", List.of());
            }
            assertThat(cluster.awaitCaughtUp(10_000)).isTrue();
        }
    }

    @Test
    void connectorJsSocketTimeoutStillEndsASlowReadWith08AndTheConnectionRecovers() throws Exception {
        try (Connection c = DriverManager.getConnection(url + "&socketTimeout=400&consistency=eventual")) {
            assertThat(read(c)).isEqualTo(10);
            assertThat(c.getNetworkTimeout()).as("Connector/J's socketTimeout is the backends' network timeout").isEqualTo(400);
            long decisions = c.unwrap(FlotillaConnection.class).routingMetrics().getOrDefault("decisions", 0L);
            long start = System.nanoTime();
            SQLException e = catchThrowableOfType(() -> {
                try (Statement st = c.createStatement()) {
                    st.executeQuery("SELECT SLEEP(5)");
                }
            }, SQLException.class);
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertThat((Throwable) e).as("no error at all").isInstanceOf(SQLException.class);
            assertThat(e.getSQLState()).as(e.toString()).startsWith("08");
            assertThat(ms).as("the timed read ended at the socket timeout, not after the query").isLessThan(4_000);
            assertThat(c.unwrap(FlotillaConnection.class).routingMetrics().get("decisions") - decisions)
                    .as("a read ended by its own timeout is not run again elsewhere").isEqualTo(1);
            // The broken backend is dropped; the next statement gets a fresh one.
            assertThat(read(c)).isEqualTo(10);
        }
    }

    private static SQLException slowQueryError(Connection c) {
        return catchThrowableOfType(() -> {
            try (Statement st = c.createStatement()) {
                st.executeQuery("SELECT SLEEP(5)");
            }
        }, SQLException.class);
    }

    @Test
    void setNetworkTimeoutReachesOpenAndLaterBackends() throws Exception {
        try (Connection c = DriverManager.getConnection(url + "&consistency=eventual")) {
            assertThat(read(c)).isEqualTo(10);
            // The follower backend is open already: the timeout must reach it too.
            c.setNetworkTimeout(Runnable::run, 400);
            assertThat(c.getNetworkTimeout()).isEqualTo(400);
            SQLException onFollower = slowQueryError(c);
            assertThat((Throwable) onFollower).as("no error on the follower").isInstanceOf(SQLException.class);
            assertThat(onFollower.getSQLState()).as(onFollower.toString()).startsWith("08");
            // In a read-write transaction the statement runs on a leader session opened after the timeout was set.
            c.setAutoCommit(false);
            SQLException onLeader = slowQueryError(c);
            assertThat((Throwable) onLeader).as("no error on the leader").isInstanceOf(SQLException.class);
            assertThat(onLeader.getSQLState()).as(onLeader.toString()).startsWith("08");
            c.setAutoCommit(true);
            c.setNetworkTimeout(Runnable::run, 0);
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT SLEEP(1)")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isZero();
            }
            SQLException negative = catchThrowableOfType(() -> c.setNetworkTimeout(Runnable::run, -1), SQLException.class);
            assertThat(negative.getSQLState()).isEqualTo("HY024");
            SQLException noExecutor = catchThrowableOfType(() -> c.setNetworkTimeout(null, 100), SQLException.class);
            assertThat(noExecutor.getSQLState()).isEqualTo("HY009");
        }
    }
}
