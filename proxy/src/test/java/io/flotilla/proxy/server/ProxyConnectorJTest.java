package io.flotilla.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flotilla.replicator.TestClusters;
import io.flotilla.replicator.cluster.FlotillaCluster;
import io.flotilla.replicator.log.LoggedSession;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * MySQL Connector/J (text protocol) through the proxy to a real three-node cluster whose followers trail by 400 ms:
 * queries, replicated writes, multi-statements, error codes, tokens across connections, SHOW FLOTILLA STATUS.
 */
class ProxyConnectorJTest {
    static FlotillaCluster cluster;
    static ProxyServer proxy;

    @BeforeAll
    static void up() throws Exception {
        cluster = TestClusters.start(3, Map.of("replication.apply-delay.n2", "400", "replication.apply-delay.n3", "400"));
        cluster.startReplication();
        try (LoggedSession s = cluster.openSession()) {
            s.execute("CREATE TABLE kv (id INT PRIMARY KEY AUTO_INCREMENT, v VARCHAR(100) NOT NULL)", List.of());
            s.execute("CREATE TABLE types (i INT, u BIGINT UNSIGNED, d DECIMAL(10,3), f DOUBLE, ts DATETIME(6),"
                    + " s VARCHAR(20) CHARACTER SET utf8mb4, b BLOB, n INT NULL)", List.of());
            s.execute("INSERT INTO types VALUES (-7, 18446744073709551615, 12.345, 1.5e300, '2024-02-29 12:34:56.123456',"
                    + " 'h\u00e9llo \uD83D\uDE00', x'00ff10', NULL)", List.of());
        }
        assertThat(cluster.awaitCaughtUp(10_000)).isTrue();
        proxy = ProxyHarness.start(cluster, Map.of("proxy.users", "app:app,ghost:nopw", "proxy.spin-wait-us", "50"));
    }

    @AfterAll
    static void down() {
        if (proxy != null) {
            proxy.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    static Connection open(String extra) throws SQLException {
        return DriverManager.getConnection(ProxyHarness.mysqlUrl(proxy, extra), "app", "app");
    }

    @Test
    void writesThroughTheProxyReachEveryFollower() throws Exception {
        long id;
        try (Connection c = open(""); Statement st = c.createStatement()) {
            assertThat(st.executeUpdate("INSERT INTO kv (v) VALUES ('replicated')", Statement.RETURN_GENERATED_KEYS)).isEqualTo(1);
            try (ResultSet keys = st.getGeneratedKeys()) {
                assertThat(keys.next()).isTrue();
                id = keys.getLong(1);
            }
            assertThat(id).isPositive();
            try (ResultSet rs = st.executeQuery("SELECT v FROM kv WHERE id = " + id)) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("replicated"); // read-your-writes through the proxy
            }
        }
        assertThat(cluster.awaitCaughtUp(10_000)).isTrue();
        for (String follower : cluster.followers()) {
            try (Connection f = cluster.nodes().app(follower); Statement st = f.createStatement();
                    ResultSet rs = st.executeQuery("SELECT v FROM kv WHERE id = " + id)) {
                assertThat(rs.next()).as("row on %s", follower).isTrue();
                assertThat(rs.getString(1)).isEqualTo("replicated");
            }
        }
    }

    @Test
    void columnTypesAndValuesArriveExactly() throws Exception {
        try (Connection c = open(""); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT i, u, d, f, ts, s, b, n FROM types")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt("i")).isEqualTo(-7);
            assertThat(rs.getBigDecimal("u")).isEqualTo(new BigDecimal("18446744073709551615"));
            assertThat(rs.getBigDecimal("d")).isEqualTo(new BigDecimal("12.345"));
            assertThat(rs.getDouble("f")).isEqualTo(1.5e300);
            assertThat(rs.getTimestamp("ts").toLocalDateTime()).hasToString("2024-02-29T12:34:56.123456");
            assertThat(rs.getString("s")).isEqualTo("h\u00e9llo \uD83D\uDE00");
            assertThat(rs.getBytes("b")).containsExactly(0x00, 0xFF, 0x10);
            assertThat(rs.getObject("n")).isNull();
            var md = rs.getMetaData();
            assertThat(md.getColumnTypeName(1)).isEqualTo("INT");
            assertThat(md.getColumnTypeName(2)).isEqualTo("BIGINT UNSIGNED");
            assertThat(md.getColumnTypeName(3)).isEqualTo("DECIMAL");
            assertThat(md.getScale(3)).isEqualTo(3);
            assertThat(md.getColumnTypeName(5)).isEqualTo("DATETIME");
            assertThat(md.getColumnTypeName(7)).isEqualTo("BLOB");
            assertThat(md.getTableName(1)).isEqualTo("types");
        }
    }

    @Test
    void multiStatementsReturnEveryResultInOrder() throws Exception {
        try (Connection c = open("&allowMultiQueries=true"); Statement st = c.createStatement()) {
            boolean rs = st.execute("INSERT INTO kv (v) VALUES ('m1'); SELECT v FROM kv WHERE v = 'm1'; "
                    + "UPDATE kv SET v = 'm2' WHERE v = 'm1'; SELECT COUNT(*) FROM kv WHERE v = 'm2'");
            List<Object> results = new ArrayList<>();
            while (true) {
                if (rs) {
                    try (ResultSet r = st.getResultSet()) {
                        r.next();
                        results.add(r.getString(1));
                    }
                } else if (st.getUpdateCount() >= 0) {
                    results.add(st.getUpdateCount());
                } else {
                    break;
                }
                rs = st.getMoreResults();
            }
            assertThat(results).containsExactly(1, "m1", 1, "1");
            // An error stops the rest of the batch, as in MySQL: the INSERT after it does not run.
            assertThatThrownBy(() -> st.execute("SELECT 1; SELECT * FROM no_such_table; INSERT INTO kv (v) VALUES ('never')"))
                    .satisfiesAnyOf(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(1146),
                            e -> assertThat(e).isInstanceOf(SQLException.class));
        }
        try (Connection c = open(""); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM kv WHERE v = 'never'")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
            // Without allowMultiQueries the client does not ask for CLIENT_MULTI_STATEMENTS: two statements are an error.
            assertThatThrownBy(() -> st.execute("SELECT 1; SELECT 2")).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getErrorCode()).isEqualTo(1064));
        }
    }

    @Test
    void errorsCarryTheServersCodeAndSqlState() throws Exception {
        try (Connection c = open(""); Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.executeQuery("SELECT * FROM missing_table")).isInstanceOfSatisfying(SQLException.class, e -> {
                assertThat(e.getErrorCode()).isEqualTo(1146);
                assertThat(e.getSQLState()).isEqualTo("42S02");
            });
            assertThatThrownBy(() -> st.execute("SELEC 1")).isInstanceOfSatisfying(SQLException.class, e -> {
                assertThat(e.getErrorCode()).isEqualTo(1064);
                assertThat(e.getSQLState()).isEqualTo("42000");
            });
            assertThatThrownBy(() -> st.executeUpdate("INSERT INTO kv (id, v) VALUES (1, 'a'), (1, 'b')"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1062));
            // The session survives its errors.
            try (ResultSet rs = st.executeQuery("SELECT 41 + 1")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(42);
            }
        }
        assertThatThrownBy(() -> DriverManager.getConnection(ProxyHarness.mysqlUrl(proxy, ""), "app", "wrong"))
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(1045);
                    assertThat(e.getSQLState()).isEqualTo("28000");
                });
        assertThatThrownBy(() -> DriverManager.getConnection(ProxyHarness.mysqlUrl(proxy, ""), "nobody", "x"))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1045));
        // A proxy user the backends do not know: the backend's own 1045 reaches the client.
        assertThatThrownBy(() -> DriverManager.getConnection(ProxyHarness.mysqlUrl(proxy, ""), "ghost", "nopw"))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1045));
    }

    @Test
    void theTokenGivesReadYourWritesAcrossProxyConnections() throws Exception {
        try (Connection a = open(""); Connection b = open(""); Connection stale = open("")) {
            try (Statement st = a.createStatement()) {
                st.executeUpdate("INSERT INTO kv (id, v) VALUES (1000, 'before')");
            }
            assertThat(cluster.awaitCaughtUp(10_000)).isTrue();
            try (Statement st = a.createStatement()) {
                st.executeUpdate("UPDATE kv SET v = 'after' WHERE id = 1000");
            }
            String token = scalar(a, "SELECT flotilla_token()");
            assertThat(token).startsWith("ft1.");
            // Without the token another connection reads a follower that is 400 ms behind: the old value.
            assertThat(scalar(stale, "SELECT v FROM kv WHERE id = 1000")).isEqualTo("before");
            try (Statement st = b.createStatement()) {
                st.execute("SET @@flotilla_token = '" + token + "'");
            }
            assertThat(scalar(b, "SELECT v FROM kv WHERE id = 1000")).isEqualTo("after");
            assertThat(scalar(b, "SELECT flotilla_token() AS t")).startsWith("ft1.");
            try (Statement st = b.createStatement()) {
                st.execute("SET flotilla_token = '" + token + "'");
                assertThatThrownBy(() -> st.execute("SET flotilla_token = 'garbage'")).isInstanceOfSatisfying(SQLException.class,
                        e -> assertThat(e.getErrorCode()).isEqualTo(1231));
            }
        }
    }

    private static void readStatus(Statement st, Map<String, String> into) throws SQLException {
        try (ResultSet rs = st.executeQuery("SHOW FLOTILLA STATUS")) {
            while (rs.next()) {
                into.put(rs.getString(1), rs.getString(2));
            }
        }
    }

    @Test
    void showFlotillaStatusListsNodesAndCounters() throws Exception {
        Map<String, String> status = new HashMap<>();
        Map<String, String> before = new HashMap<>();
        try (Connection c = open(""); Statement st = c.createStatement()) {
            readStatus(st, before);
            st.executeQuery("SELECT 1").close();
            try (ResultSet rs = st.executeQuery("SHOW FLOTILLA STATUS")) {
                assertThat(rs.getMetaData().getColumnLabel(1)).isEqualTo("Variable_name");
            }
            readStatus(st, status);
        }
        // The SELECT was forwarded to a follower while it was the only read in flight: its session polled for the answer.
        assertThat(Long.parseLong(status.getOrDefault("routing.direct-reads", "0")))
                .isGreaterThan(Long.parseLong(before.getOrDefault("routing.direct-reads", "0")));
        assertThat(Long.parseLong(status.get("proxy.spin.polls"))).isGreaterThan(Long.parseLong(before.get("proxy.spin.polls")));
        assertThat(status).containsEntry("node.n1.role", "leader").containsEntry("node.n2.role", "follower")
                .containsKeys("node.n3.applied_lsn", "node.n2.lag_ms", "session.token", "proxy.sessions", "proxy.spin.polls",
                        "proxy.spin.answered");
        assertThat(status.keySet()).anyMatch(k -> k.startsWith("routing.target."));
    }

    @Test
    void pingCatalogAndTransactionsBehaveAsOnMySql() throws Exception {
        try (Connection c = open("")) {
            assertThat(c.isValid(2)).isTrue(); // COM_PING
            c.setCatalog("app");               // COM_INIT_DB
            assertThat(c.getCatalog()).isEqualTo("app");
            assertThatThrownBy(() -> c.setCatalog("no_such_db")).isInstanceOf(SQLException.class);
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO kv (id, v) VALUES (2000, 'rolled back')");
            }
            c.rollback();
            c.setAutoCommit(true);
            assertThat(scalar(c, "SELECT COUNT(*) FROM kv WHERE id = 2000")).isEqualTo("0");
            try (Statement st = c.createStatement()) {
                st.execute("START TRANSACTION");
                st.executeUpdate("INSERT INTO kv (id, v) VALUES (2001, 'committed')");
                st.execute("COMMIT");
            }
            assertThat(scalar(c, "SELECT v FROM kv WHERE id = 2001")).isEqualTo("committed");
        }
        assertThat(proxy.openBackendSessions()).isLessThanOrEqualTo(proxy.sessions());
    }

    static String scalar(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }
}
