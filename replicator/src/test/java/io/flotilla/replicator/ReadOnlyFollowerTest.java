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
