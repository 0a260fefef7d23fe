package io.flotilla.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.replicator.TestClusters;
import io.flotilla.replicator.cluster.FlotillaCluster;
import io.flotilla.replicator.log.LoggedSession;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Session edges where SQL text and JDBC calls meet: autocommit set both ways, warnings of reads then writes. */
class SessionEdgesTest {

    static FlotillaCluster cluster;
    static String url;

    @BeforeAll
    static void up() throws Exception {
        cluster = TestClusters.start(2, Map.of());
        cluster.startReplication();
        try (LoggedSession s = cluster.openSession()) {
            s.execute("CREATE TABLE e (id INT PRIMARY KEY, v INT)", List.of());
            s.execute("INSERT INTO e VALUES (1, 0)", List.of());
        }
        assertThat(cluster.awaitCaughtUp(10_000)).isTrue();
        url = "jdbc:flotilla://" + cluster.config().nodes().get(cluster.leader()) + "/app?user=app&password=app";
    }

    @AfterAll
    static void down() {
        cluster.close();
    }

    @Test
    void setAutoCommitTrueAfterSqlAutocommitOffCommitsIntoTheSessionsPosition() throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE e SET v = 1 WHERE id = 1");
            FlotillaConnection f = c.unwrap(FlotillaConnection.class);
            String afterFirstWrite = f.consistencyToken();
            st.execute("SET autocommit=0");
            st.executeUpdate("UPDATE e SET v = 2 WHERE id = 1");
            // No getAutoCommit() in between: it would refresh the driver's view and hide the case.
            // JDBC's way back: commits the open transaction; read-your-writes must then cover its write.
            c.setAutoCommit(true);
            assertThat(c.getAutoCommit()).isTrue();
            assertThat(f.consistencyToken()).as("the session position took in the committed write").isNotEqualTo(afterFirstWrite);
            try (ResultSet rs = st.executeQuery("SELECT v FROM e WHERE id = 1")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(2);
            }
        }
    }

    @Test
    void setAutoCommitTrueWhenAlreadyOnLeavesAStartTransactionOpen() throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE e SET v = 5 WHERE id = 1");
            st.execute("START TRANSACTION");
            st.executeUpdate("UPDATE e SET v = 6 WHERE id = 1");
            // Autocommit is on already: JDBC says no-op, and MySQL commits only when autocommit is switched on.
            c.setAutoCommit(true);
            st.execute("ROLLBACK");
            try (ResultSet rs = st.executeQuery("SELECT v FROM e WHERE id = 1")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).as("the transaction's update was rolled back, not committed").isEqualTo(5);
            }
        }
    }

    @Test
    void aWriteDoesNotReportTheWarningsOfTheReadBeforeIt() throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT CAST('12x' AS SIGNED)")) {
                assertThat(rs.next()).isTrue();
            }
            SQLWarning w = st.getWarnings();
            assertThat((Throwable) w).as("the read's own warning (1292, truncated value)").isNotNull();
            assertThat(w.getErrorCode()).isEqualTo(1292);
            st.executeUpdate("UPDATE e SET v = v WHERE id = 1");
            assertThat((Throwable) st.getWarnings()).isNull();
        }
    }
}
