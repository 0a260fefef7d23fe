package io.flotilla.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.replicator.TestClusters;
import io.flotilla.replicator.cluster.FlotillaCluster;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Follower reads forwarded as raw protocol bytes ({@code proxy.direct-reads=true}, the default) answer exactly as the
 * JDBC path ({@code false}) does, in the text and the binary protocol, carry the session's database and SET
 * statements, and survive a follower that dies between reads.
 */
class ProxyDirectReadsTest {
    static FlotillaCluster cluster;
    static ProxyServer direct;
    static ProxyServer jdbc;

    @BeforeAll
    static void up() throws Exception {
        cluster = TestClusters.start(3, Map.of());
        cluster.startReplication();
        jdbc = ProxyHarness.start(cluster, Map.of("proxy.users", "app:app", "proxy.direct-reads", "false"));
        direct = ProxyHarness.start(cluster, Map.of("proxy.users", "app:app", "proxy.spin-wait-us", "1000")); // answers read after polling too
        try (Connection c = open(direct, ""); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t (id INT PRIMARY KEY, i INT, u BIGINT UNSIGNED, d DECIMAL(12,4), f DOUBLE, dt DATETIME(6),"
                    + " tm TIME(3), y YEAR, s VARCHAR(40) CHARACTER SET utf8mb4, l1 VARCHAR(10) CHARACTER SET latin1, b BLOB,"
                    + " e ENUM('x','y'), j JSON, n INT NULL)");
            st.execute("INSERT INTO t VALUES (1, -7, 18446744073709551615, 12.3456, 1.5e300, '2024-02-29 12:34:56.123456',"
                    + " '-838:59:58.5', 2024, 'h\u00e9llo \uD83D\uDE00', 'caf\u00e9', x'00ff10', 'y', '{\"a\": [1, null]}', NULL),"
                    + " (2, NULL, 0, -0.5, -0.0, '1000-01-01 00:00:00', '00:00:00', 1901, '', '', '', NULL, 'null', 5)");
            st.execute("CREATE TABLE big (id INT PRIMARY KEY, pad VARCHAR(200))");
            StringBuilder rows = new StringBuilder("INSERT INTO big VALUES ");
            for (int i = 1; i <= 2000; i++) {
                rows.append(i == 1 ? "" : ",").append('(').append(i).append(", REPEAT('p', ").append(100 + i % 100).append("))");
            }
            st.execute(rows.toString());
            st.execute("INSERT INTO t (id, s) VALUES (3, 'abcdefghij')");
        }
        assertThat(cluster.awaitCaughtUp(20_000)).isTrue();
    }

    @AfterAll
    static void down() {
        for (ProxyServer p : new ProxyServer[] {direct, jdbc}) {
            if (p != null) {
                p.close();
            }
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    static Connection open(ProxyServer proxy, String extra) throws SQLException {
        return DriverManager.getConnection(ProxyHarness.mysqlUrl(proxy, extra), "app", "app");
    }

    static final List<String> QUERIES = List.of(
            "SELECT * FROM t ORDER BY id",
            "SELECT id, pad FROM big ORDER BY id",
            "SELECT * FROM t WHERE id = 42",
            "SELECT COUNT(*), SUM(u), MAX(dt), MIN(y) FROM t",
            "SELECT * FROM missing_table",
            "SELECT no_such_column FROM t",
            "SELECT CAST('x' AS SIGNED) AS warned",
            "SELECT 1");

    @Test
    void forwardedReadsAnswerExactlyAsTheJdbcPathDoes() throws Exception {
        for (String mode : List.of("", "&useServerPrepStmts=true")) {
            long before = counter(direct, "routing.direct-reads");
            try (Connection a = open(direct, mode); Connection b = open(jdbc, mode)) {
                for (String q : QUERIES) {
                    assertThat(answer(a, q)).as("%s (%s)", q, mode.isEmpty() ? "text" : "binary").isEqualTo(answer(b, q));
                }
            }
            assertThat(counter(direct, "routing.direct-reads") - before).as("forwarded reads").isGreaterThanOrEqualTo(QUERIES.size());
        }
        assertThat(counter(jdbc, "routing.direct-reads")).isZero();
        assertThat(direct.openBackendSessions()).isLessThanOrEqualTo(direct.sessions());
    }

    @Test
    void forwardedReadsRunInTheSessionsDatabaseAndVariables() throws Exception {
        sessionStateReachesReads(direct);
        sessionStateReachesReads(jdbc);
    }

    private static void sessionStateReachesReads(ProxyServer proxy) throws Exception {
        try (Connection c = open(proxy, ""); Statement st = c.createStatement()) {
            st.execute("SET SESSION group_concat_max_len = 4");
            assertThat(scalar(st, "SELECT GROUP_CONCAT(s ORDER BY id SEPARATOR '') FROM t WHERE id = 3")).isEqualTo("abcd");
            // USE (the one other database the application user may use); Connector/J statements keep the database
            // they were created in, hence a new statement after each switch.
            c.setCatalog("information_schema");
            try (Statement is = c.createStatement()) {
                assertThat(scalar(is, "SELECT DATABASE()")).isEqualTo("information_schema");
                assertThat(scalar(is, "SELECT COUNT(*) FROM TABLES WHERE TABLE_SCHEMA = 'app' AND TABLE_NAME = 'big'")).isEqualTo("1");
                is.execute("USE app");
            }
            try (Statement back = c.createStatement()) {
                assertThat(scalar(back, "SELECT s FROM t WHERE id = 3")).isEqualTo("abcdefghij");
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT GROUP_CONCAT(s SEPARATOR '') FROM t WHERE id = ?")) {
                ps.setInt(1, 3);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(rs.getString(1)).isEqualTo("abcd");
                }
            }
        }
    }

    @Test
    void aFollowerThatDiesBetweenReadsIsReadAround() throws Exception {
        try (FlotillaCluster own = TestClusters.start(3, Map.of())) {
            own.startReplication();
            try (ProxyServer p = ProxyHarness.start(own, Map.of("proxy.users", "app:app"))) {
                try (Connection c = open(p, ""); Statement st = c.createStatement()) {
                    st.execute("CREATE TABLE k (id INT PRIMARY KEY, v INT)");
                    st.execute("INSERT INTO k VALUES (1, 10)");
                    assertThat(own.awaitCaughtUp(10_000)).isTrue();
                    for (int i = 0; i < 20; i++) {
                        assertThat(scalar(st, "SELECT v FROM k WHERE id = 1")).isEqualTo("10"); // both followers now held
                    }
                    own.embeddedNode("n2").kill();
                    for (int i = 0; i < 50; i++) {
                        assertThat(scalar(st, "SELECT v FROM k WHERE id = 1")).isEqualTo("10");
                    }
                }
                assertThat(counter(p, "routing.direct-reads")).isPositive();
            }
        }
    }

    /** A result (column labels and types, every value as a string) or an error (code and SQLState), comparable. */
    static List<String> answer(Connection c, String sql) {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            ResultSetMetaData md = rs.getMetaData();
            StringBuilder head = new StringBuilder();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                head.append(md.getColumnLabel(i)).append(':').append(md.getColumnTypeName(i)).append(' ');
            }
            out.add(head.toString());
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.append(rs.getString(i)).append('|');
                }
                out.add(row.toString());
            }
        } catch (SQLException e) {
            out.add("error " + e.getErrorCode() + " " + e.getSQLState());
        }
        return out;
    }

    static long counter(ProxyServer proxy, String name) throws SQLException {
        try (Connection c = open(proxy, ""); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW FLOTILLA STATUS")) {
            while (rs.next()) {
                if (rs.getString(1).equals(name)) {
                    return Long.parseLong(rs.getString(2));
                }
            }
        }
        return 0;
    }

    static String scalar(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }
}
