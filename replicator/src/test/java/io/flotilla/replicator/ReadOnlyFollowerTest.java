package io.flotilla.replicator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flotilla.replicator.cluster.FlotillaCluster;
import io.flotilla.replicator.log.LoggedSession;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Application users cannot write on followers, neither data nor log entries; the replicator can. */
class ReadOnlyFollowerTest {

    static FlotillaCluster cluster;

    @BeforeAll
    static void up() throws Exception {
        cluster = TestClusters.start(2, Map.of());
        cluster.startReplication();
        try (LoggedSession s = cluster.openSession()) {
            s.execute("CREATE TABLE ro (id INT PRIMARY KEY)", List.of());
        }
        assertThat(cluster.awaitCaughtUp(10_000)).isTrue();
    }

    @AfterAll
    static void down() {
        cluster.close();
    }

    @Test
    void anyNodeTellsTheApplicationUserTheMembersAndTheLeader() throws Exception {
        for (String n : cluster.config().nodes().keySet()) {
            try (Connection c = cluster.nodes().app(n); Statement st = c.createStatement()) {
                java.util.Map<String, String> members = new java.util.LinkedHashMap<>();
                try (var rs = st.executeQuery("SELECT name, CONCAT(host, ':', port) FROM flotilla.nodes ORDER BY name")) {
                    while (rs.next()) {
                        members.put(rs.getString(1), rs.getString(2));
                    }
                }
                assertThat(members).hasSize(2);
                cluster.config().nodes().forEach((name, hp) -> assertThat(members).containsEntry(name, hp.toString()));
                try (var rs = st.executeQuery("SELECT leader, epoch FROM flotilla.cluster WHERE id = 1")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo(cluster.leader());
                    assertThat(rs.getLong(2)).isEqualTo(1);
                }
            }
        }
    }

    @Test
    void appUserGets1290OnAFollower() throws Exception {
        String f = cluster.followers().get(0);
        try (Connection c = cluster.nodes().app(f); Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.execute("INSERT INTO ro VALUES (1)"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1290));
            assertThatThrownBy(() -> st.execute("SELECT flotilla.append(1, 1, NULL, x'01')"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1290));
        }
    }
}
