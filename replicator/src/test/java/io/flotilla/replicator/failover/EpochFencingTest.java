package io.flotilla.replicator.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flotilla.replicator.TestClusters;
import io.flotilla.replicator.apply.ApplierStatus;
import io.flotilla.replicator.cluster.FlotillaCluster;
import io.flotilla.replicator.log.LogSchema;
import io.flotilla.replicator.log.LoggedSession;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Followers refuse log entries of an older epoch past the start of a newer one, and accept those before it. */
class EpochFencingTest {

    @Test
    void applierRefusesEntriesOfASupersededEpochPastItsStart() throws Exception {
        // One entry per apply transaction, so the boundary is visible entry by entry (a refused entry fails its whole
        // batch, which the follower then takes from the new leader).
        try (FlotillaCluster cluster = TestClusters.start(2, Map.of("replication.batch-size", "1"))) {
            cluster.startReplication();
            try (LoggedSession s = cluster.openSession()) {
                s.execute("CREATE TABLE t (id INT PRIMARY KEY)", List.of());
                s.execute("INSERT INTO t VALUES (1)", List.of());
            }
            assertThat(cluster.awaitCaughtUp(30_000)).isTrue();
            String f = cluster.followers().get(0);
            cluster.killApplier(f);
            long head = cluster.leaderHead();
            try (LoggedSession s = cluster.openSession()) {
                for (int i = 2; i <= 5; i++) {
                    s.execute("INSERT INTO t VALUES (?)", List.of(i));
                }
            }
            // As a promotion would: epoch 2 starts after head+2 (the new leader had applied up to there).
            try (Connection c = cluster.nodes().replicator(f)) {
                Metadata.insertEpoch(c, new EpochRecord(2, "elsewhere", head + 2, 0));
            }
            cluster.restartApplier(f);
            long deadline = System.currentTimeMillis() + 30_000;
            while (!(cluster.applierStatus().get(f).health() == ApplierStatus.Health.ERROR
                    && String.valueOf(cluster.applierStatus().get(f).lastError()).contains("fenced"))) {
                assertThat(System.currentTimeMillis()).as("applier never refused the entry").isLessThan(deadline);
                Thread.sleep(20);
            }
            assertThat(cluster.applierStatus().get(f).lastError()).contains("refused log entry " + (head + 3)).contains("epoch 2");
            assertThat(cluster.appliedLsn(f)).isEqualTo(head + 2);
            try (Connection c = cluster.nodes().replicator(f); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM app.t")) {
                rs.next();
                assertThat(rs.getInt(1)).as("rows 1..3 applied, 4..5 refused").isEqualTo(3);
                assertThat(LogSchema.head(c)).isEqualTo(head + 2);
            }
        }
    }

    @Test
    void theLogTriggerRefusesAnOlderEpochButNotTheLeadersOwnInserts() throws Exception {
        try (FlotillaCluster cluster = TestClusters.start(1, Map.of())) {
            try (Connection c = cluster.nodes().replicator(cluster.leader())) {
                Metadata.insertEpoch(c, new EpochRecord(3, cluster.leader(), 10, 0));
                assertThatThrownBy(() -> insert(c, 11, 2))
                        .isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(LogSchema.FENCED_ERRNO))
                        .hasMessageContaining("refused log entry 11 of epoch 2");
                insert(c, 10, 2);
                insert(c, 12, 3);
                // Leader writes take their LSN from AUTO_INCREMENT (lsn 0 in the trigger): never refused.
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO flotilla.log (epoch, created_us, last_iid, entry) VALUES (3, 0, NULL, x'00')")) {
                    ps.executeUpdate();
                }
                assertThat(LogSchema.head(c)).isEqualTo(13);
            }
        }
    }

    private static void insert(Connection c, long lsn, long epoch) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO flotilla.log (lsn, epoch, created_us, last_iid, entry) VALUES (?, ?, 0, NULL, x'00')")) {
            ps.setLong(1, lsn);
            ps.setLong(2, epoch);
            ps.executeUpdate();
        }
    }
}
