package io.flotilla.replicator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flotilla.replicator.cluster.FlotillaCluster;
import io.flotilla.replicator.log.LoggedSession;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A USE sent as SQL moves the session's logged schema: followers apply the writes after it in that database. */
class UseStatementReplicationTest {

    @Test
    void writesAfterUseAreAppliedInTheUsedDatabase() throws Exception {
        try (FlotillaCluster cluster = TestClusters.start(2, Map.of())) {
            // The application user may not create databases: a second one is made on every node by hand.
            for (String node : cluster.nodes().names()) {
                try (Connection admin = cluster.nodes().replicator(node); Statement st = admin.createStatement()) {
                    st.execute("CREATE DATABASE other");
                    st.execute("CREATE TABLE other.t (id INT PRIMARY KEY, v VARCHAR(20))");
                    st.execute("GRANT ALL PRIVILEGES ON other.* TO 'app'@'%'");
                    // Allowed but missing: USE gets "unknown database" (1049), not "access denied" (1044).
                    st.execute("GRANT ALL PRIVILEGES ON no_such_db.* TO 'app'@'%'");
                }
            }
            cluster.startReplication();
            try (LoggedSession s = cluster.openSession()) {
                s.execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20))", List.of());
                s.execute("/* to */ Use `other`", List.of());
                s.execute("INSERT INTO t VALUES (?, ?)", List.of(1L, "other"));
                s.execute("use app;", List.of());
                // The same text again: a statement cached while in `other` must not write there.
                s.execute("INSERT INTO t VALUES (?, ?)", List.of(2L, "app"));
                assertThatThrownBy(() -> s.execute("USE no_such_db", List.of()))
                        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1049));
                s.execute("INSERT INTO t VALUES (?, ?)", List.of(3L, "app"));
                assertThat(s.connection().getCatalog()).isEqualTo("app");
            }
            assertThat(cluster.awaitCaughtUp(10_000)).isTrue();
            for (String node : cluster.nodes().names()) {
                assertThat(rows(cluster, node, "other.t")).as("other.t on " + node).containsExactly("1 other");
                assertThat(rows(cluster, node, "app.t")).as("app.t on " + node).containsExactly("2 app", "3 app");
            }
        }
    }

    private static List<String> rows(FlotillaCluster cluster, String node, String table) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = cluster.nodes().replicator(node); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, v FROM " + table + " ORDER BY id")) {
            while (rs.next()) {
                rows.add(rs.getLong(1) + " " + rs.getString(2));
            }
        }
        return rows;
    }
}
