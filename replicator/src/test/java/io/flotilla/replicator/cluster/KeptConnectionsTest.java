package io.flotilla.replicator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flotilla.replicator.TestClusters;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Periodic tasks keep one connection per node and start afresh after a failure, against a real node. */
class KeptConnectionsTest {

    static FlotillaCluster cluster;

    @BeforeAll
    static void up() throws Exception {
        cluster = TestClusters.start(1, Map.of());
    }

    @AfterAll
    static void down() {
        cluster.close();
    }

    private static long connectionId(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT CONNECTION_ID()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static KeptConnections.Work<Boolean> executing(String sql) {
        return c -> {
            try (Statement st = c.createStatement()) {
                return st.execute(sql);
            }
        };
    }

    @Test
    void reusesOneConnectionAndReplacesOneTheNodeClosedInTheSameRound() throws Exception {
        String node = cluster.leader();
        try (KeptConnections kept = new KeptConnections(cluster.nodes(), 5_000)) {
            long first = kept.with(node, KeptConnectionsTest::connectionId);
            assertThat(kept.with(node, KeptConnectionsTest::connectionId)).isEqualTo(first);
            assertThat(kept.size()).isEqualTo(1);

            try (Connection admin = cluster.nodes().replicator(node); Statement st = admin.createStatement()) {
                st.execute("KILL CONNECTION " + first);
            }
            // As after a node restart: the kept connection is dead, the node is not; the round still gets its answer.
            long second = kept.with(node, KeptConnectionsTest::connectionId);
            assertThat(second).isNotEqualTo(first);
            assertThat(kept.size()).isEqualTo(1);
            assertThat(kept.with(node, KeptConnectionsTest::connectionId)).isEqualTo(second);
        }
    }

    @Test
    void aReadThatOutlivesTheSocketTimeoutFailsTheRound() throws Exception {
        String node = cluster.leader();
        try (KeptConnections kept = new KeptConnections(cluster.nodes(), 300)) {
            long first = kept.with(node, KeptConnectionsTest::connectionId);
            assertThatThrownBy(() -> kept.with(node, executing("SELECT SLEEP(5)"))).isInstanceOf(SQLException.class);
            assertThat(kept.size()).isZero();
            assertThat(kept.with(node, KeptConnectionsTest::connectionId)).isNotEqualTo(first);
        }
    }

    @Test
    void keepOnlyClosesTheOthers() throws Exception {
        try (KeptConnections kept = new KeptConnections(cluster.nodes(), 5_000)) {
            kept.with(cluster.leader(), KeptConnectionsTest::connectionId);
            kept.keepOnly("some-other-node");
            assertThat(kept.size()).isZero();
        }
    }

    @Test
    void aFailedStatementDropsTheConnectionAndClosedRefuses() throws Exception {
        String node = cluster.leader();
        KeptConnections kept = new KeptConnections(cluster.nodes(), 5_000);
        long first = kept.with(node, KeptConnectionsTest::connectionId);
        assertThatThrownBy(() -> kept.with(node, executing("SELECT * FROM no_such_table_here"))).isInstanceOf(SQLException.class);
        assertThat(kept.size()).isZero();
        assertThat(kept.with(node, KeptConnectionsTest::connectionId)).isNotEqualTo(first);

        kept.close();
        assertThat(kept.size()).isZero();
        assertThatThrownBy(() -> kept.with(node, KeptConnectionsTest::connectionId))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("08003"));
    }
}
