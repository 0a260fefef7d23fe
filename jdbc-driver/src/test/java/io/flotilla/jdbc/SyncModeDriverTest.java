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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Through the driver, in replication.mode=sync: when executeUpdate (or commit) returns, the row is already on the
 * synchronous follower. The driver learns the mode from the cluster and acknowledges with its own poller, as it
 * would in another process than the appliers (it cannot wake them).
 */
class SyncModeDriverTest {

    @Test
    void aDriverWriteIsOnTheSynchronousFollowerWhenExecuteUpdateReturns() throws Exception {
        // n2 trails by 100 ms on purpose: a write acknowledged after the leader commit alone could not be there yet.
        try (FlotillaCluster cluster = TestClusters.start(3, Map.of("replication.mode", "sync", "replication.apply-delay.n2", "100"))) {
            cluster.startReplication();
            try (LoggedSession s = cluster.openSession()) {
                s.execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20))", List.of());
            }
            String url = "jdbc:flotilla://" + cluster.config().nodes().get(cluster.leader()) + "/app?user=app&password=app";
            try (Connection c = DriverManager.getConnection(url)) {
                for (int i = 1; i <= 5; i++) {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?, 'driver')")) {
                        ps.setInt(1, i);
                        assertThat(ps.executeUpdate()).isEqualTo(1);
                    }
                    assertThat(rowOn(cluster, "n2", i)).as("row %d on n2 when executeUpdate returned", i).isEqualTo("driver");
                }
                c.setAutoCommit(false);
                try (PreparedStatement ps = c.prepareStatement("UPDATE t SET v = 'tx' WHERE id = ?")) {
                    ps.setInt(1, 3);
                    ps.executeUpdate();
                }
                c.commit();
                assertThat(rowOn(cluster, "n2", 3)).isEqualTo("tx");
            }
        }
    }

    private static String rowOn(FlotillaCluster c, String node, int id) throws SQLException {
        try (Connection conn = c.nodes().replicator(node);
             PreparedStatement ps = conn.prepareStatement("SELECT v FROM app.t WHERE id = ?")) {
            ps.setInt(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
