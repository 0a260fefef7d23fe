package io.flotilla.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.flotilla.replicator.TestClusters;
import io.flotilla.replicator.cluster.FlotillaCluster;
import io.flotilla.replicator.log.LoggedSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The driver's contract: registration, properties, rules, pinned read-only transactions, use under HikariCP. */
class DriverFeaturesTest {

    static FlotillaCluster cluster;
    static String url;

    @BeforeAll
    static void up() throws Exception {
        cluster = TestClusters.start(3, Map.of());
        cluster.startReplication();
        try (LoggedSession s = cluster.openSession()) {
            s.execute("CREATE TABLE items (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(40), price DECIMAL(10,2))", List.of());
            s.execute("CREATE TABLE accounts (id INT PRIMARY KEY, balance BIGINT)", List.of());
            s.execute("INSERT INTO accounts VALUES (1, 100)", List.of());
        }
        assertThat(cluster.awaitCaughtUp(10_000)).isTrue();
        url = "jdbc:flotilla://" + cluster.config().nodes().get(cluster.leader()) + "/app?user=app&password=app";
    }

    @AfterAll
    static void down() {
        cluster.close();
    }

    private static long metric(Connection c, String key) throws SQLException {
        return c.unwrap(FlotillaConnection.class).routingMetrics().getOrDefault(key, 0L);
    }

    @Test
    void registeredThroughServiceLoaderAndNullForForeignUrls() throws SQLException {
        java.sql.Driver d = DriverManager.getDriver(url);
        assertThat(d).isInstanceOf(Driver.class);
        assertThat(d.connect("jdbc:mysql://127.0.0.1:1/x", new Properties())).isNull();
        DriverPropertyInfo[] info = d.getPropertyInfo(url, new Properties());
        assertThat(Arrays.stream(info).map(i -> i.name))
                .contains("consistency", "consistency.wait-ms", "consistency.fallback", "flotilla.token", "configFile", "load-balancer");
    }

    @Test
    void writesReadsAndGeneratedKeysThroughTheDriver() throws Exception {
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement ins = c.prepareStatement("INSERT INTO items (name, price) VALUES (?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            ins.setString(1, "rope");
            ins.setBigDecimal(2, new java.math.BigDecimal("12.50"));
            assertThat(ins.executeUpdate()).isEqualTo(1);
            long id;
            try (ResultSet keys = ins.getGeneratedKeys()) {
                assertThat(keys.next()).isTrue();
                id = keys.getLong(1);
            }
            try (PreparedStatement q = c.prepareStatement("SELECT name, price FROM items WHERE id = ?")) {
                q.setLong(1, id);
                try (ResultSet rs = q.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("rope");
                    assertThat(rs.getBigDecimal(2)).isEqualByComparingTo("12.50");
                }
            }
            assertThat(metric(c, "target.follower")).isPositive();
        }
        // The same counters are published over JMX.
        var server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        var names = server.queryNames(new javax.management.ObjectName("io.flotilla:type=Routing,*"), null);
        assertThat(names).isNotEmpty();
        long total = 0;
        for (var n : names) {
            try {
                total += (Long) server.getAttribute(n, "FollowerRoutes");
            } catch (javax.management.JMException e) {
                throw new AssertionError(e);
            }
        }
        assertThat(total).isPositive();
    }

    @Test
    void readOnlyTransactionsStayOnOneFollower() throws SQLException {
        try (Connection c = DriverManager.getConnection(url)) {
            c.setReadOnly(true);
            c.setAutoCommit(false);
            long before = metric(c, "reason.pinned");
            for (int i = 0; i < 5; i++) {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT balance FROM accounts WHERE id = 1")) {
                    assertThat(rs.next()).isTrue();
                }
            }
            assertThatThrownBy(() -> c.createStatement().executeUpdate("UPDATE accounts SET balance = 0"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1792));
            c.commit();
            assertThat(metric(c, "reason.pinned") - before).isEqualTo(4);
        }
    }

    @Test
    void rulesFromAConfigFileRouteByTable() throws Exception {
        Path rules = Files.createTempFile("flotilla-rules", ".properties");
        rules.toFile().deleteOnExit();
        Files.writeString(rules, "rule.money.tables=accounts\nrule.money.target=leader\n");
        try (Connection c = DriverManager.getConnection(url + "&configFile=" + rules)) {
            long before = metric(c, "reason.rule:money");
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT balance FROM accounts WHERE id = 1")) {
                assertThat(rs.next()).isTrue();
            }
            assertThat(metric(c, "reason.rule:money") - before).isEqualTo(1);
        }
        Files.writeString(rules, "rule.money.tables=accounts\n");
        assertThatThrownBy(() -> DriverManager.getConnection(url + "&configFile=" + rules))
                .isInstanceOf(SQLException.class).hasMessageContaining("rule.money.target");
    }

    @Test
    void badPropertiesAndTokensNameTheProblem() throws SQLException {
        assertThatThrownBy(() -> DriverManager.getConnection(url + "&consistency=sometimes"))
                .isInstanceOf(SQLException.class).hasMessageContaining("consistency").hasMessageContaining("sometimes");
        assertThatThrownBy(() -> DriverManager.getConnection(url + "&consistency.fallback=panic"))
                .hasMessageContaining("consistency.fallback");
        try (Connection c = DriverManager.getConnection(url)) {
            assertThatThrownBy(() -> c.setClientInfo("flotilla.token", "not-a-token"))
                    .isInstanceOf(SQLClientInfoException.class).hasMessageContaining("not a Flotilla token");
            assertThat(c.getClientInfo("flotilla.token")).startsWith("ft1.");
        }
    }

    @Test
    void aTokenThisClusterCannotSatisfyIsIgnoredNotWaitedFor() throws SQLException {
        String foreign = new io.flotilla.routing.route.ConsistencyToken(1, 1_000_000, 1_000_000).encode();
        try (Connection c = DriverManager.getConnection(url)) {
            c.setClientInfo("flotilla.token", foreign);
            long before = metric(c, "target.follower");
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT balance FROM accounts WHERE id = 1")) {
                assertThat(rs.next()).isTrue();
            }
            assertThat(metric(c, "target.follower") - before).isEqualTo(1);
            assertThat(metric(c, "token-ignored")).isPositive();
        }
    }

    @Test
    void readsGoOnWhenAFollowerDiesAndItReturnsWhenCaughtUp() throws Exception {
        String victim = cluster.followers().get(1);
        // Per-statement balancing, so that "back in rotation" shows on this one connection.
        try (Connection c = DriverManager.getConnection(url + "&load-balancer.affinity=statement")) {
            for (int i = 0; i < 10; i++) {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT balance FROM accounts WHERE id = 1")) {
                    assertThat(rs.next()).isTrue();
                }
            }
            cluster.embeddedNode(victim).kill();
            long before = metric(c, "node." + victim);
            for (int i = 0; i < 20; i++) {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT balance FROM accounts WHERE id = 1")) {
                    assertThat(rs.next()).isTrue();
                }
            }
            // At most the one read that found it dead was routed there (and repeated elsewhere).
            assertThat(metric(c, "node." + victim) - before).isLessThanOrEqualTo(1);
            cluster.embeddedNode(victim).start();
            assertThat(cluster.awaitCaughtUp(20_000)).isTrue();
            Thread.sleep(100);
            long back = metric(c, "node." + victim);
            // Positions are re-read in the background while statements come, so it returns within a few re-reads.
            long deadline = System.nanoTime() + 3_000_000_000L;
            while (metric(c, "node." + victim) == back && System.nanoTime() < deadline) {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT balance FROM accounts WHERE id = 1")) {
                    assertThat(rs.next()).isTrue();
                }
                Thread.sleep(5);
            }
            assertThat(metric(c, "node." + victim) - back).as("the restarted follower is back in rotation").isPositive();
        }
    }

    @Test
    void sessionStateFollowsTheSessionToFollowers() throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute("SET time_zone = '+05:00'");
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            long before = metric(c, "target.follower");
            for (int i = 0; i < 4; i++) {
                // Reads go to followers, which must answer with the session's settings, not their defaults.
                try (ResultSet rs = st.executeQuery("SELECT @@session.time_zone, @@session.tx_isolation, DATABASE()")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("+05:00");
                    assertThat(rs.getString(2)).isEqualTo("READ-COMMITTED");
                    assertThat(rs.getString(3)).isEqualTo("app");
                }
            }
            assertThat(metric(c, "target.follower") - before).isEqualTo(4);
        }
    }

    @Test
    void useSentAsSqlMovesEveryBackendLikeSetCatalog() throws SQLException {
        // A second database with the same table name on every node, so a read shows which database answered it.
        for (String node : cluster.nodes().names()) {
            try (Connection admin = cluster.nodes().replicator(node); Statement st = admin.createStatement()) {
                st.execute("CREATE DATABASE IF NOT EXISTS other");
                st.execute("CREATE TABLE IF NOT EXISTS other.where_am_i (db VARCHAR(10))");
                st.execute("CREATE TABLE IF NOT EXISTS app.where_am_i (db VARCHAR(10))");
                st.execute("TRUNCATE other.where_am_i");
                st.execute("TRUNCATE app.where_am_i");
                st.execute("INSERT INTO other.where_am_i VALUES ('other')");
                st.execute("INSERT INTO app.where_am_i VALUES ('app')");
                st.execute("GRANT ALL PRIVILEGES ON other.* TO 'app'@'%'");
                // Allowed but missing: USE gets "unknown database" (1049), not "access denied" (1044).
                st.execute("GRANT ALL PRIVILEGES ON no_such_db.* TO 'app'@'%'");
            }
        }
        List<String> followers = cluster.nodes().names().stream().filter(n -> !n.equals(cluster.leader())).toList();
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            FlotillaConnection fc = c.unwrap(FlotillaConnection.class);
            Connection existing = fc.follower(followers.get(0)); // opened before the USE
            assertThat(scalar(st, "SELECT db FROM where_am_i")).isEqualTo("app");
            long before = metric(c, "target.follower");

            st.execute("/* switch */ Use\n `other` -- to the other database");
            assertThat(c.getCatalog()).isEqualTo("other");
            assertThat(scalar(st, "SELECT db FROM where_am_i")).as("a follower read after USE").isEqualTo("other");
            assertThat(metric(c, "target.follower") - before).isEqualTo(1);
            assertThat(scalar(existing.createStatement(), "SELECT DATABASE()")).isEqualTo("other");
            assertThat(scalar(fc.follower(followers.get(1)).createStatement(), "SELECT DATABASE()"))
                    .as("a follower backend opened after the USE").isEqualTo("other");

            assertThatThrownBy(() -> st.execute("USE no_such_db"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo(1049);
                        assertThat(e.getSQLState()).isEqualTo("42000");
                    });
            assertThat(c.getCatalog()).as("a failed USE changes nothing").isEqualTo("other");
            assertThat(scalar(st, "SELECT db FROM where_am_i")).isEqualTo("other");
            assertThat(scalar(existing.createStatement(), "SELECT DATABASE()")).isEqualTo("other");

            st.execute("use app;");
            assertThat(c.getCatalog()).isEqualTo("app");
            for (String node : followers) {
                assertThat(scalar(fc.follower(node).createStatement(), "SELECT db FROM where_am_i")).isEqualTo("app");
            }
            assertThat(scalar(st, "SELECT db FROM where_am_i")).isEqualTo("app");

            // setCatalog is the same move, and checks the name the same way.
            assertThatThrownBy(() -> c.setCatalog("no_such_db"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1049));
            assertThat(c.getCatalog()).isEqualTo("app");
            c.setCatalog("other");
            assertThat(scalar(st, "SELECT db FROM where_am_i")).isEqualTo("other");
        }
    }

    private static String scalar(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    @Test
    void strongReadsOnTheLeaderSeeOtherSessionsLatestCommits() throws SQLException {
        try (Connection reader = DriverManager.getConnection(url + "&consistency=strong");
             Connection writer = DriverManager.getConnection(url);
             Statement r = reader.createStatement(); Statement w = writer.createStatement()) {
            for (int i = 0; i < 3; i++) {
                w.executeUpdate("UPDATE accounts SET balance = " + (500 + i) + " WHERE id = 1");
                try (ResultSet rs = r.executeQuery("SELECT balance FROM accounts WHERE id = 1")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getLong(1)).as("a strong read after another session's commit").isEqualTo(500 + i);
                }
            }
        }
    }

    @Test
    void malformedSqlGetsTheServersOwnErrorAndTheConnectionStaysUsable() throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.executeQuery("SELEC balance FROM accounts"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo(1064);
                        assertThat(e.getSQLState()).isEqualTo("42000");
                    });
            assertThatThrownBy(() -> st.executeUpdate("UPDATE no_such_table SET x = 1"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1146));
            try (ResultSet rs = st.executeQuery("SELECT balance FROM accounts WHERE id = 1")) {
                assertThat(rs.next()).isTrue();
            }
        }
    }

    @Test
    void aPooledLeaderBackendDoesNotKeepTheWritersPinnedClock() throws Exception {
        // One backend per node, so the second connection gets the backend the first one wrote on.
        String one = url + "&pool.max-size=1&consistency=strong";
        try (Connection w = DriverManager.getConnection(one); Statement st = w.createStatement()) {
            st.executeUpdate("UPDATE accounts SET balance = balance WHERE id = 1");
        }
        Thread.sleep(1100);
        try (Connection r = DriverManager.getConnection(one); Statement st = r.createStatement();
             ResultSet rs = st.executeQuery("SELECT TIMESTAMPDIFF(MICROSECOND, NOW(6), SYSDATE(6))")) {
            assertThat(rs.next()).isTrue();
            assertThat(Math.abs(rs.getLong(1))).as("NOW() follows the clock on a reused leader backend").isLessThan(500_000);
        }
    }

    @Test
    void maxRowsSetBackToZeroReturnsEveryRowAgain() throws SQLException {
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement ps = c.prepareStatement("SELECT seq FROM seq_1_to_5 WHERE seq >= ?")) {
            ps.setInt(1, 0);
            int all = count(ps);
            assertThat(all).isEqualTo(5);
            ps.setMaxRows(1);
            assertThat(count(ps)).isEqualTo(1);
            ps.setMaxRows(0); // the backend statement is reused: its limit must go back too
            assertThat(count(ps)).isEqualTo(all);
        }
    }

    private static int count(PreparedStatement ps) throws SQLException {
        int n = 0;
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                n++;
            }
        }
        return n;
    }

    @Test
    void aReusedByteArrayParameterIsLoggedAsItWasAtExecute() throws Exception {
        try (Connection c = DriverManager.getConnection(url)) {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE blobs (id INT PRIMARY KEY, b VARBINARY(8) NOT NULL)");
            }
            c.setAutoCommit(false);
            byte[] buf = {1, 2};
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO blobs VALUES (?, ?)")) {
                ps.setInt(1, 1);
                ps.setObject(2, buf);
                ps.executeUpdate();
                buf[0] = 9; // an application reusing its buffer for the next row
                ps.setInt(1, 2);
                ps.setObject(2, buf);
                ps.executeUpdate();
            }
            c.commit(); // the transaction's log entry is written here, after the buffer changed
        }
        assertThat(cluster.awaitCaughtUp(30_000)).isTrue();
        for (String f : cluster.followers()) {
            try (Connection c = cluster.nodes().app(f); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT b FROM blobs WHERE id = 1")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBytes(1)).as("row 1 on %s", f).containsExactly(1, 2);
            }
        }
    }

    @Test
    void autocommitSwitchedBySqlIsTheConnectionsToo() throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute("SET autocommit = 0");
            assertThat(c.getAutoCommit()).isFalse();
            long before = metric(c, "target.leader");
            try (ResultSet rs = st.executeQuery("SELECT balance FROM accounts WHERE id = 1")) {
                assertThat(rs.next()).isTrue();
            }
            assertThat(metric(c, "target.leader") - before).as("a read inside the implicit transaction").isEqualTo(1);
            st.execute("SET autocommit = 1");
            assertThat(c.getAutoCommit()).isTrue();
        }
    }

    @Test
    void worksAsTheJdbcUrlOfAnApplicationsHikariPool() throws SQLException {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(url);
        hc.setMaximumPoolSize(4);
        try (HikariDataSource app = new HikariDataSource(hc)) {
            String token;
            try (Connection c = app.getConnection(); Statement st = c.createStatement()) {
                st.executeUpdate("UPDATE accounts SET balance = balance + 1 WHERE id = 1");
                token = c.getClientInfo("flotilla.token");
            }
            try (Connection c = app.getConnection()) {
                c.setClientInfo("flotilla.token", token);
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT balance FROM accounts WHERE id = 1")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getLong(1)).isGreaterThanOrEqualTo(101);
                }
            }
        }
    }
}
