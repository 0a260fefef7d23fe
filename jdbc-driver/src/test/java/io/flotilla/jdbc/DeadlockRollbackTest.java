package io.flotilla.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.replicator.TestClusters;
import io.flotilla.replicator.cluster.FlotillaCluster;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A deadlock victim's transaction is rolled back by the server; the driver must forget its buffered statements, or
 * the session's next commit logs them and followers apply writes the leader never committed.
 */
class DeadlockRollbackTest {

    @Test
    void deadlockVictimsWritesNeverReachFollowers() throws Exception {
        try (FlotillaCluster cluster = TestClusters.start(2, Map.of())) {
            cluster.startReplication();
            String url = "jdbc:flotilla://" + cluster.config().nodes().get(cluster.leader()) + "/app?user=app&password=app";
            try (Connection a = DriverManager.getConnection(url); Connection b = DriverManager.getConnection(url);
                    Statement sa = a.createStatement(); Statement sb = b.createStatement()) {
                sa.execute("CREATE TABLE kv (id INT PRIMARY KEY, v INT NOT NULL)");
                sa.execute("INSERT INTO kv VALUES (1, 0), (2, 0)");
                sa.execute("BEGIN");
                sa.executeUpdate("UPDATE kv SET v = 10 WHERE id = 1");
                sb.execute("BEGIN");
                sb.executeUpdate("UPDATE kv SET v = 20 WHERE id = 2");
                // a waits for b's row; b then asks for a's row: one of them is the deadlock victim.
                CompletableFuture<SQLException> aWaits = CompletableFuture.supplyAsync(() -> update(sa, 2, 11));
                Thread.sleep(300);
                SQLException bResult = update(sb, 1, 21);
                SQLException aResult = aWaits.get(60, TimeUnit.SECONDS);
                assertThat(aResult == null ^ bResult == null).as("exactly one victim").isTrue();
                SQLException deadlock = aResult != null ? aResult : bResult;
                assertThat(deadlock.getErrorCode()).isEqualTo(1213);
                // The victim carries on as sysbench does: it starts over (BEGIN implicitly commits in MySQL).
                Statement victim = aResult != null ? sa : sb;
                Statement survivor = aResult != null ? sb : sa;
                survivor.execute("COMMIT");
                victim.execute("BEGIN");
                victim.executeUpdate("UPDATE kv SET v = v + 100 WHERE id = 1");
                victim.execute("COMMIT");
            }
            assertThat(cluster.awaitCaughtUp(10_000)).isTrue();
            String follower = cluster.followers().get(0);
            assertThat(cluster.checksums(follower)).isEqualTo(cluster.checksums(cluster.leader()));
            try (Connection leader = cluster.nodes().app(cluster.leader()); Statement st = leader.createStatement();
                    ResultSet rs = st.executeQuery("SELECT SUM(v) FROM kv")) {
                rs.next();
                // The survivor's two updates (10 or 11, 20 or 21 pairs) plus the victim's +100; nothing of the victim's
                // rolled-back transaction.
                assertThat(rs.getInt(1)).isIn(10 + 11 + 100, 20 + 21 + 100);
            }
        }
    }

    private static SQLException update(Statement st, int id, int v) {
        try {
            st.executeUpdate("UPDATE kv SET v = " + v + " WHERE id = " + id);
            return null;
        } catch (SQLException e) {
            return e;
        }
    }
}
