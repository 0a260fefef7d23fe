package io.flotilla.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.flotilla.replicator.TestClusters;
import io.flotilla.replicator.cluster.FlotillaCluster;
import io.flotilla.replicator.log.LoggedSession;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** MariaDB Connector/J and the {@code mariadb} command-line client through the proxy to a real cluster. */
class ProxyMariaDbClientsTest {
    static final Path CLI = Path.of("/usr/bin/mariadb");
    static final Path ADMIN = Path.of("/usr/bin/mariadb-admin");
    static FlotillaCluster cluster;
    static ProxyServer proxy;
    static ProxyServer sha2Proxy;

    @BeforeAll
    static void up() throws Exception {
        cluster = TestClusters.start(3, Map.of("replication.apply-delay.n2", "300", "replication.apply-delay.n3", "300"));
        cluster.startReplication();
        try (LoggedSession s = cluster.openSession()) {
            s.execute("CREATE TABLE kv (id INT PRIMARY KEY, v VARCHAR(100) NOT NULL)", List.of());
        }
        assertThat(cluster.awaitCaughtUp(10_000)).isTrue();
        // The shared-event-loop threading here; the other test classes run the default (a thread per session).
        proxy = ProxyHarness.start(cluster, Map.of("proxy.threading", "event-loop"));
        sha2Proxy = ProxyHarness.start(cluster, Map.of("proxy.auth.default-plugin", "caching_sha2_password",
                "proxy.auth.sha2-cache", "on-login"));
    }

    @AfterAll
    static void down() {
        for (ProxyServer p : new ProxyServer[] {proxy, sha2Proxy}) {
            if (p != null) {
                p.close();
            }
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    static Connection mariadb(ProxyServer p, String options) throws SQLException {
        return DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + p.port() + "/app?user=app&password=app" + options);
    }

    static String scalar(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    @Test
    void mariaDbConnectorJQueriesWritesAndErrors() throws Exception {
        try (Connection c = mariadb(proxy, "&allowMultiQueries=true"); Statement st = c.createStatement()) {
            assertThat(st.executeUpdate("INSERT INTO kv VALUES (1, 'maria')")).isEqualTo(1);
            assertThat(scalar(c, "SELECT v FROM kv WHERE id = 1")).isEqualTo("maria");
            assertThat(st.execute("UPDATE kv SET v = 'maria2' WHERE id = 1; SELECT v FROM kv WHERE id = 1")).isFalse();
            assertThat(st.getUpdateCount()).isEqualTo(1);
            assertThat(st.getMoreResults()).isTrue();
            try (ResultSet rs = st.getResultSet()) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("maria2");
            }
            assertThatThrownBy(() -> st.executeQuery("SELECT * FROM nope")).isInstanceOfSatisfying(SQLException.class, e -> {
                assertThat(e.getErrorCode()).isEqualTo(1146);
                assertThat(e.getSQLState()).isEqualTo("42S02");
            });
            assertThat(c.isValid(2)).isTrue();
        }
        assertThat(cluster.awaitCaughtUp(10_000)).isTrue();
        try (Connection f = cluster.nodes().app("n3"); Statement st = f.createStatement(); ResultSet rs = st.executeQuery("SELECT v FROM kv WHERE id = 1")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("maria2");
        }
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + proxy.port() + "/app?user=app&password=bad"))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1045));
    }

    @Test
    void mariaDbConnectorJTokenAcrossConnectionsAndCachingSha2() throws Exception {
        try (Connection a = mariadb(proxy, ""); Connection b = mariadb(proxy, "")) {
            try (Statement st = a.createStatement()) {
                st.executeUpdate("INSERT INTO kv VALUES (2, 'token')");
            }
            String token = scalar(a, "SELECT flotilla_token()");
            try (Statement st = b.createStatement()) {
                st.execute("SET flotilla_token = '" + token + "'");
            }
            assertThat(scalar(b, "SELECT v FROM kv WHERE id = 2")).isEqualTo("token");
        }
        // caching_sha2_password with an empty cache: full authentication with the RSA key, then the fast path.
        for (int i = 0; i < 2; i++) {
            try (Connection c = mariadb(sha2Proxy, "&allowPublicKeyRetrieval=true")) {
                assertThat(scalar(c, "SELECT 1 + 1")).isEqualTo("2");
            }
        }
    }

    record Result(int exit, String out) {
    }

    static Result cli(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(CLI.toString(), "-h127.0.0.1", "-P" + proxy.port(), "-uapp", "-papp",
                "--skip-ssl", "--batch", "--skip-column-names"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }

    @Test
    void theMariadbCommandLineClient() throws Exception {
        assumeTrue(Files.isExecutable(CLI), "the mariadb client is not installed");
        Result r = cli("app", "-e", "INSERT INTO kv VALUES (10, 'cli'); SELECT v FROM kv WHERE id = 10; SELECT 'multi', 2");
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).contains("cli\n").contains("multi\t2");
        r = cli("app", "-e", "SELECT * FROM missing_table");
        assertThat(r.exit()).isNotZero();
        assertThat(r.out()).contains("ERROR 1146 (42S02)");
        r = cli("app", "-e", "SELEC 1");
        assertThat(r.out()).contains("ERROR 1064 (42000)");
        r = cli("-e", "use app; SELECT DATABASE(); SHOW FLOTILLA STATUS; SELECT flotilla_token()"); // use → COM_INIT_DB
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).contains("app\n").contains("node.n1.role\tleader").contains("ft1.");
        assertThat(cli("app", "-papp-wrong", "-e", "SELECT 1").out()).contains("ERROR 1045 (28000)");
        if (Files.isExecutable(ADMIN)) {
            Process p = new ProcessBuilder(ADMIN.toString(), "-h127.0.0.1", "-P" + proxy.port(), "-uapp", "-papp", "--skip-ssl", "ping")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(out).contains("is alive"); // COM_PING
        }
        assertThat(cluster.awaitCaughtUp(10_000)).isTrue();
        try (Connection f = cluster.nodes().app("n2"); Statement st = f.createStatement(); ResultSet rs = st.executeQuery("SELECT v FROM kv WHERE id = 10")) {
            assertThat(rs.next()).isTrue();
        }
    }
}
