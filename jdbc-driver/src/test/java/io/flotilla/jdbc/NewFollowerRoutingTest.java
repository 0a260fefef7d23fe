package io.flotilla.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.replicator.TestClusters;
import io.flotilla.replicator.cluster.FlotillaCluster;
import io.flotilla.replicator.log.LoggedSession;
import io.flotilla.replicator.provision.CopyProgress;
import io.flotilla.routing.config.HostPort;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A driver already in use picks up a follower added at run time once it is active, and reads reach it. */
class NewFollowerRoutingTest {

    @Test
    void aFollowerAddedFromASnapshotJoinsRoutingWhenActive() throws Exception {
        try (FlotillaCluster cluster = TestClusters.start(2, Map.of())) {
            cluster.startReplication();
            try (LoggedSession s = cluster.openSession()) {
                s.execute("CREATE TABLE k (id INT PRIMARY KEY, v INT)", List.of());
                s.execute("INSERT INTO k VALUES (1, 1)", List.of());
            }
            String url = "jdbc:flotilla://" + cluster.config().nodes().get(cluster.leader())
                    + "/app?user=app&password=app&load-balancer.affinity=statement";
            try (Connection c = DriverManager.getConnection(url)) {
                assertThat(c.unwrap(FlotillaConnection.class).routingMetrics()).doesNotContainKey("node.n3");
            }
            cluster.addFollower("n3", new HostPort("127.0.0.1", TestClusters.freePort()), CopyProgress.quiet());
            assertThat(cluster.awaitActive("n3", 60_000)).isTrue();
            assertThat(cluster.awaitCaughtUp(30_000)).isTrue();
            // connect() notices that the routable members changed and discovers again.
            try (Connection c = DriverManager.getConnection(url)) {
                for (int i = 0; i < 30; i++) {
                    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT v FROM k WHERE id = 1")) {
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getInt(1)).isEqualTo(1);
                    }
                }
                assertThat(c.unwrap(FlotillaConnection.class).routingMetrics().getOrDefault("node.n3", 0L))
                        .as("reads reach the new follower").isPositive();
            }
        }
    }
}
