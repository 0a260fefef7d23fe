package io.flotilla.replicator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flotilla.replicator.cluster.FlotillaCluster;
import io.flotilla.replicator.log.LoggedSession;
import io.flotilla.replicator.log.UnsafeStatementException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Every construct statement-based replication cannot repeat is rewritten or refused with a message naming it. */
class UnsafeStatementTest {

    static FlotillaCluster cluster;

    @BeforeAll
    static void up() throws Exception {
        cluster = TestClusters.start(2, Map.of());
        cluster.startReplication();
        try (LoggedSession s = cluster.openSession()) {
            s.execute("CREATE TABLE t (id INT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(100), n BIGINT)", List.of());
            s.execute("INSERT INTO t (v, n) VALUES ('a', 1), ('b', 2), ('c', 3)", List.of());
        }
    }

    @AfterAll
    static void down() {
        cluster.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "UPDATE t SET n = 0 LIMIT 1                              | LIMIT",
        "DELETE FROM t LIMIT 1                                   | LIMIT",
        "INSERT INTO t (v) SELECT v FROM t LIMIT 1               | LIMIT",
        "INSERT INTO t (v) VALUES (LOAD_FILE('/etc/passwd'))     | LOAD_FILE",
        "INSERT INTO t (v) VALUES (USER())                       | USER",
        "INSERT INTO t (n) VALUES (CONNECTION_ID())              | CONNECTION_ID",
        "INSERT INTO t (n) VALUES (FOUND_ROWS())                 | FOUND_ROWS",
        "INSERT INTO t (n) VALUES (ROW_COUNT())                  | ROW_COUNT",
        "INSERT INTO t (n) VALUES (GET_LOCK('x', 0))             | GET_LOCK",
        "UPDATE t SET n = SLEEP(0) WHERE id = 1                  | SLEEP",
        "INSERT INTO t (n) VALUES (my_udf(1))                    | my_udf",
        "INSERT INTO t (v) VALUES (@@hostname)                   | @@hostname",
        "INSERT INTO t (v) VALUES (@user_var)                    | @user_var",
        "XA START 'x1'                                           | XA",
        "CALL some_proc()                                        | CALL",
        "CREATE TEMPORARY TABLE tmp (id INT)                     | TEMPORARY",
    })
    void rejectsWithAMessageNamingTheConstruct(String sql, String named) {
        assertThatThrownBy(() -> {
            try (LoggedSession s = cluster.openSession()) {
                s.execute(sql, List.of());
            }
        }).isInstanceOf(UnsafeStatementException.class)
                .hasMessageContaining(named)
                .satisfies(e -> {
                    assertThat(((SQLException) e).getErrorCode()).isEqualTo(1592);
                    assertThat(((SQLException) e).getSQLState()).isEqualTo("HY000");
                });
    }

    @Test
    void nothingWasWrittenByRefusedStatements() throws Exception {
        try (LoggedSession s = cluster.openSession()) {
            assertThatThrownBy(() -> s.execute("UPDATE t SET n = 99 LIMIT 1", List.of())).isInstanceOf(UnsafeStatementException.class);
            try (Statement st = s.connection().createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM t WHERE n = 99")) {
                rs.next();
                assertThat(rs.getInt(1)).isZero();
            }
        }
    }

    @Test
    void rewritesUuidUuidShortSysdateAndLastInsertIdSoFollowersMatch() throws Exception {
        try (LoggedSession s = cluster.openSession()) {
            s.execute("INSERT INTO t (v, n) VALUES (UUID(), UUID_SHORT())", List.of());
            s.execute("INSERT INTO t (v, n) VALUES (SYSDATE(6), LAST_INSERT_ID())", List.of());
            s.execute("UPDATE t SET v = CONCAT(v, RAND()) WHERE id = 1", List.of());
            s.execute("INSERT INTO t (v, n) VALUES (CONCAT(NOW(6), ':', RAND()), UNIX_TIMESTAMP(NOW(6)) * 1000000)", List.of());
        }
        assertThat(cluster.awaitCaughtUp(20_000)).isTrue();
        Map<String, Long> leader = cluster.checksums(cluster.leader());
        assertThat(cluster.checksums(cluster.followers().get(0))).isEqualTo(leader);
    }

    @Test
    void lastInsertIdStaysTheApplicationsAfterLogging() throws Exception {
        try (LoggedSession s = cluster.openSession()) {
            long id = s.execute("INSERT INTO t (v, n) VALUES ('lii', 1)", List.of()).generatedId();
            assertThat(id).isPositive();
            // A later write that generates nothing and its log insert must leave LAST_INSERT_ID() alone.
            s.execute("UPDATE t SET n = n + 1 WHERE id = 1", List.of());
            assertThat(lastInsertId(s)).isEqualTo(id);
            s.execute("BEGIN", List.of());
            long id2 = s.execute("INSERT INTO t (v, n) VALUES ('lii2', 2)", List.of()).generatedId();
            s.execute("COMMIT", List.of());
            assertThat(id2).isGreaterThan(id);
            assertThat(lastInsertId(s)).isEqualTo(id2);
            // LAST_INSERT_ID() inside a write is replaced by the session's value, so followers store the same.
            s.execute("INSERT INTO t (v, n) VALUES ('ref', LAST_INSERT_ID())", List.of());
        }
        assertThat(cluster.awaitCaughtUp(20_000)).isTrue();
        assertThat(cluster.checksums(cluster.followers().get(0))).isEqualTo(cluster.checksums(cluster.leader()));
    }

    private static long lastInsertId(LoggedSession s) throws SQLException {
        try (Statement st = s.connection().createStatement(); ResultSet rs = st.executeQuery("SELECT LAST_INSERT_ID()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void warnPolicyLogsTheStatementAnyway() throws Exception {
        try (FlotillaCluster c = TestClusters.start(1, Map.of("replication.unsafe", "warn"));
             LoggedSession s = c.openSession()) {
            s.execute("CREATE TABLE w (id INT PRIMARY KEY, n INT)", List.of());
            s.execute("INSERT INTO w VALUES (1, 0), (2, 0)", List.of());
            assertThat(s.execute("UPDATE w SET n = 1 LIMIT 1", List.of()).updateCount()).isEqualTo(1);
            assertThat(s.lastLsn()).isPositive();
        }
    }
}
