package io.flotilla.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flotilla.replicator.TestClusters;
import io.flotilla.replicator.cluster.FlotillaCluster;
import io.flotilla.routing.config.HostPort;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Any one node tells the driver the members, the leader and the epoch. */
class ClusterDiscoveryTest {

    static FlotillaCluster cluster;

    @BeforeAll
    static void up() throws Exception {
        cluster = TestClusters.start(3, Map.of());
    }

    @AfterAll
    static void down() {
        cluster.close();
    }

    @Test
    void learnsTheClusterFromAFollowerAlone() throws SQLException {
        HostPort follower = cluster.config().nodes().get(cluster.followers().get(1));
        Topology t = new ClusterDiscovery("app", "app").discover(List.of(follower));
        assertThat(t.nodes()).isEqualTo(cluster.config().nodes());
        assertThat(t.leader()).isEqualTo(cluster.leader());
        assertThat(t.epoch()).isEqualTo(1);
        assertThat(t.followers()).containsExactlyElementsOf(cluster.followers());
    }

    @Test
    void aMemberStillBeingProvisionedIsNotRoutedUntilActive() throws Exception {
        String f = cluster.followers().get(0);
        HostPort leader = cluster.config().nodes().get(cluster.leader());
        try {
            setState(f, "provisioning");
            assertThat(new ClusterDiscovery("app", "app").discover(List.of(leader)).nodes()).doesNotContainKey(f).hasSize(2);
        } finally {
            setState(f, "active");
        }
        assertThat(new ClusterDiscovery("app", "app").discover(List.of(leader)).nodes()).containsKey(f).hasSize(3);
    }

    private static void setState(String member, String state) throws SQLException {
        for (String n : cluster.nodes().names()) {
            try (var c = cluster.nodes().replicator(n); var ps = c.prepareStatement("UPDATE flotilla.nodes SET state = ? WHERE name = ?")) {
                ps.setString(1, state);
                ps.setString(2, member);
                ps.executeUpdate();
            }
        }
    }

    @Test
    void unreachableHostsAreSkippedAndNamedWhenAllFail() throws SQLException {
        HostPort dead = new HostPort("127.0.0.1", 1);
        HostPort leader = cluster.config().nodes().get(cluster.leader());
        assertThat(new ClusterDiscovery("app", "app").discover(List.of(dead, leader)).leader()).isEqualTo(cluster.leader());
        assertThatThrownBy(() -> new ClusterDiscovery("app", "app").discover(List.of(dead)))
                .isInstanceOf(SQLException.class).hasMessageContaining("127.0.0.1:1")
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08001"));
    }

    @Test
    void aWrongPasswordIsReportedPerHost() {
        HostPort leader = cluster.config().nodes().get(cluster.leader());
        assertThatThrownBy(() -> new ClusterDiscovery("app", "wrong").discover(List.of(leader)))
                .hasMessageContaining("Access denied")
                .satisfies(e -> {
                    assertThat(((SQLException) e).getErrorCode()).isEqualTo(1045);
                    assertThat(((SQLException) e).getSQLState()).isEqualTo("28000");
                });
    }
}
