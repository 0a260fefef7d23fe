package io.flotilla.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.flotilla.proxy.protocol.HandshakeResponse41;
import io.flotilla.proxy.protocol.NativePassword;
import io.flotilla.replicator.TestClusters;
import io.flotilla.replicator.cluster.FlotillaCluster;
import io.flotilla.replicator.log.LoggedSession;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile and broken clients: truncated and malformed packets, wrong sequence ids, oversized lengths, unknown
 * commands, wrong passwords, disconnects in the middle of a result or a transaction, and a fuzzer. After each the
 * proxy still serves the next client, every Flotilla connection is closed, and no write is half applied.
 */
class ProxyBadInputTest {
    static FlotillaCluster cluster;
    static ProxyServer proxy;

    @BeforeAll
    static void up() throws Exception {
        cluster = TestClusters.start(2, Map.of());
        cluster.startReplication();
        try (LoggedSession s = cluster.openSession()) {
            s.execute("CREATE TABLE kv (id INT PRIMARY KEY, v VARCHAR(1000) NOT NULL)", List.of());
            s.execute("CREATE TABLE big (id INT PRIMARY KEY, v VARCHAR(1000) NOT NULL)", List.of());
            s.execute("INSERT INTO big SELECT seq, REPEAT('b', 1000) FROM seq_1_to_20000", List.of());
        }
        assertThat(cluster.awaitCaughtUp(30_000)).isTrue();
        proxy = ProxyHarness.start(cluster, Map.of("proxy.max-packet-size", "1048576"));
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

    @AfterEach
    void nothingLeaksAndTheNextClientWorks() throws Exception {
        long deadline = System.currentTimeMillis() + 15_000;
        while ((proxy.sessions() > 0 || proxy.openBackendSessions() > 0) && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(proxy.sessions()).as("client sessions left open").isZero();
        assertThat(proxy.openBackendSessions()).as("Flotilla connections left open").isZero();
        for (String node : cluster.config().nodes().keySet()) {
            try (Connection c = cluster.nodes().replicator(node); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE USER = 'app'"
                            + " AND COMMAND <> 'Sleep'")) {
                rs.next();
                assertThat(rs.getInt(1)).as("busy backend connections on %s", node).isZero();
            }
        }
        try (Connection c = DriverManager.getConnection(ProxyHarness.mysqlUrl(proxy, ""), "app", "app");
                Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT 6 * 7")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(42);
        }
    }

    static byte[] handshakeResponse(RawClient c, String password) {
        byte[] auth = NativePassword.scramble(password.getBytes(StandardCharsets.UTF_8), c.handshake.authPluginData());
        ByteBuf b = Unpooled.buffer();
        new HandshakeResponse41(RawClient.CAPS, 1 << 24, 45, "app", auth, "app", NativePassword.PLUGIN_NAME, Map.of()).encode(b);
        return RawClient.bytes(b);
    }

    static byte[] header(int length, int seq) {
        return new byte[] {(byte) length, (byte) (length >> 8), (byte) (length >> 16), (byte) seq};
    }

    @Test
    void truncatedAndMalformedHandshakes() throws Exception {
        try (RawClient c = new RawClient(proxy.port())) {
            c.readHandshake();
            c.send(1, new byte[] {0x05, 0x02, 0x00}); // 3 bytes of a 4-byte capability field
            RawClient.Packet err = c.read();
            assertThat(err.errorCode()).isEqualTo(1043);
            assertThat(c.closedByServer()).isTrue();
        }
        try (RawClient c = new RawClient(proxy.port())) {
            c.readHandshake();
            byte[] r = handshakeResponse(c, "app");
            c.send(1, java.util.Arrays.copyOf(r, 40)); // user name without its NUL terminator
            assertThat(c.read().errorCode()).isEqualTo(1043);
            assertThat(c.closedByServer()).isTrue();
        }
        try (RawClient c = new RawClient(proxy.port())) {
            c.readHandshake();
            c.sendRaw(header(100, 1));
            c.sendRaw(new byte[10]); // a packet that never completes, then the client leaves
        }
    }

    @Test
    void wrongSequenceIds() throws Exception {
        try (RawClient c = new RawClient(proxy.port())) {
            c.readHandshake();
            c.send(5, handshakeResponse(c, "app"));
            assertThat(c.read().errorCode()).isEqualTo(1156);
            assertThat(c.closedByServer()).isTrue();
        }
        try (RawClient c = RawClient.login(proxy.port(), "app", "app", 0)) {
            c.send(3, new byte[] {0x0E}); // COM_PING must start at sequence id 0
            assertThat(c.read().errorCode()).isEqualTo(1156);
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void oversizedLengthsAreRefusedBeforeTheyAreBuffered() throws Exception {
        try (RawClient c = RawClient.login(proxy.port(), "app", "app", 0)) {
            c.sendRaw(header(0xFFFFFF, 0)); // 16 MiB announced, proxy.max-packet-size is 1 MiB; no body follows
            RawClient.Packet err = c.read();
            assertThat(err.errorCode()).isEqualTo(1153);
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void unknownAndMalformedCommandsKeepTheSession() throws Exception {
        try (RawClient c = RawClient.login(proxy.port(), "app", "app", 0)) {
            c.command(0x63, new byte[] {1, 2, 3});
            assertThat(c.read().errorCode()).isEqualTo(1047);
            c.send(0, new byte[0]); // an empty command packet
            assertThat(c.read().errorCode()).isEqualTo(1835);
            c.command(0x04, "no-terminator".getBytes(StandardCharsets.UTF_8)); // COM_FIELD_LIST without NUL
            assertThat(c.read().errorCode()).isEqualTo(1835);
            c.command(0x1B, new byte[] {1}); // COM_SET_OPTION with 1 of 2 bytes
            assertThat(c.read().errorCode()).isEqualTo(1835);
            c.command(0x0E, new byte[0]);
            assertThat(c.read().isOk()).isTrue();
        }
    }

    @Test
    void wrongPasswordsAreRefusedWith1045() throws Exception {
        try (RawClient c = new RawClient(proxy.port())) {
            RawClient.Packet err = c.authenticate("app", "not-the-password", 0);
            assertThat(err.errorCode()).isEqualTo(1045);
            assertThat(new String(err.payload(), 4, 5, StandardCharsets.US_ASCII)).isEqualTo("28000");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void disconnectingMidResultOrMidTransactionLeavesNothingBehind() throws Exception {
        try (RawClient c = RawClient.login(proxy.port(), "app", "app", 0)) {
            c.query("SELECT * FROM big");
            c.read(); // column count; then walk away with ~20 MB still to come
        }
        try (RawClient c = RawClient.login(proxy.port(), "app", "app", 0)) {
            c.query("BEGIN");
            c.read();
            c.query("INSERT INTO kv VALUES (1, 'never committed')");
            assertThat(c.read().isOk()).isTrue();
        } // gone without COMMIT
        try (RawClient c = RawClient.login(proxy.port(), "app", "app", 0)) {
            byte[] sql = "\u0003INSERT INTO kv VALUES (2, 'truncated')".getBytes(StandardCharsets.UTF_8);
            c.sendRaw(header(sql.length, 0));
            c.sendRaw(java.util.Arrays.copyOf(sql, sql.length - 5)); // the statement never arrives whole
        }
        Thread.sleep(300);
        try (Connection leader = cluster.nodes().app(cluster.leader()); Statement st = leader.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM kv WHERE id IN (1, 2)")) {
            rs.next();
            assertThat(rs.getInt(1)).as("rows of abandoned writes on the leader").isZero();
        }
    }

    @Test
    void closingTheProxyEndsIdleSessionsPromptly() throws Exception {
        ProxyServer other = ProxyHarness.start(cluster, Map.of());
        try (RawClient idle = RawClient.login(other.port(), "app", "app", 0);
                Socket greeted = new Socket("127.0.0.1", other.port())) {
            idle.query("SELECT 1");
            assertThat(idle.readResponse(false)).hasSize(5);
            // Sessions block in reads without a timeout once authenticated: close() must still end them, not hang.
            assertTimeoutPreemptively(Duration.ofSeconds(30), other::close);
            assertThat(other.openBackendSessions()).as("Flotilla connections left open").isZero();
            assertThat(idle.closedByServer()).as("the idle client's connection is closed").isTrue();
        } finally {
            other.close();
        }
    }

    @Test
    void aClientThatNeverLogsInIsDisconnectedAtTheConnectTimeout() throws Exception {
        try (ProxyServer quick = ProxyHarness.start(cluster, Map.of("proxy.connect-timeout-ms", "300"));
                RawClient loggedIn = RawClient.login(quick.port(), "app", "app", 0);
                Socket silent = new Socket("127.0.0.1", quick.port())) {
            silent.setSoTimeout(20_000);
            RawClient greeted = new RawClient(silent);
            greeted.read(); // the handshake; then this client sends nothing
            assertThat(greeted.closedByServer()).as("disconnected after proxy.connect-timeout-ms").isTrue();
            Thread.sleep(600);
            loggedIn.query("SELECT 1"); // a logged-in session is past the timeout and keeps working
            assertThat(loggedIn.readResponse(false)).hasSize(5);
        }
    }

    @Test
    void anIdleClientIsDisconnectedAtTheWaitTimeoutButNotABusyOne() throws Exception {
        try (ProxyServer quick = ProxyHarness.start(cluster, Map.of("proxy.wait-timeout-ms", "400"));
                RawClient idle = RawClient.login(quick.port(), "app", "app", 0);
                RawClient active = RawClient.login(quick.port(), "app", "app", 0);
                RawClient slow = RawClient.login(quick.port(), "app", "app", 0)) {
            idle.query("SELECT 1");
            assertThat(idle.readResponse(false)).hasSize(5);
            // A command running longer than the timeout is not idle time.
            slow.query("SELECT SLEEP(1)");
            for (int i = 0; i < 8; i++) {
                Thread.sleep(150);
                active.query("SELECT 1");
                assertThat(active.readResponse(false)).hasSize(5);
            }
            assertThat(slow.readResponse(false)).hasSize(5);
            assertThat(idle.closedByServer()).as("disconnected after proxy.wait-timeout-ms without a command").isTrue();
            long deadline = System.currentTimeMillis() + 10_000;
            while (quick.sessions() > 2 && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            // The slow one may be gone too by now (it has been idle since its SLEEP returned).
            assertThat(quick.sessions()).as("the idle session was released").isLessThanOrEqualTo(2);
        }
    }

    @Test
    void fuzzedPacketsNeverHurtTheProxy() throws Exception {
        fuzz(proxy.port(), 20261122L);
    }

    @Test
    void fuzzedPacketsNeverHurtTheEventLoopThreading() throws Exception {
        try (ProxyServer eventLoop = ProxyHarness.start(cluster, Map.of("proxy.threading", "event-loop",
                "proxy.max-packet-size", "1048576"))) {
            fuzz(eventLoop.port(), 7L);
            long deadline = System.currentTimeMillis() + 15_000;
            while ((eventLoop.sessions() > 0 || eventLoop.openBackendSessions() > 0) && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertThat(eventLoop.sessions()).isZero();
            assertThat(eventLoop.openBackendSessions()).isZero();
            try (RawClient c = RawClient.login(eventLoop.port(), "app", "app", 0)) {
                c.query("SELECT 1");
                assertThat(c.readResponse(false)).hasSize(5);
            }
        }
    }

    static void fuzz(int port, long seed) throws Exception {
        Random rnd = new Random(seed);
        for (int i = 0; i < 240; i++) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(300);
                s.setTcpNoDelay(true);
                OutputStream out = s.getOutputStream();
                InputStream in = s.getInputStream();
                switch (i % 4) {
                    case 0 -> out.write(randomBytes(rnd, 1 + rnd.nextInt(200)));
                    case 1 -> {
                        RawClient c = new RawClient(s);
                        c.readHandshake();
                        byte[] r = mutate(rnd, handshakeResponse(c, "app"));
                        out.write(header(r.length, rnd.nextInt(4) == 0 ? rnd.nextInt(256) : 1));
                        out.write(r);
                    }
                    case 2 -> {
                        RawClient c = new RawClient(s);
                        if (c.authenticate("app", "app", 0).isOk()) {
                            for (int k = 0; k < 1 + rnd.nextInt(4); k++) {
                                int[] codes = {0x01, 0x02, 0x03, 0x04, 0x0E, 0x16, 0x17, 0x19, 0x1B, 0x1F, rnd.nextInt(256)};
                                byte[] body = randomBytes(rnd, rnd.nextInt(40));
                                byte[] p = new byte[body.length + 1];
                                p[0] = (byte) codes[rnd.nextInt(codes.length)];
                                System.arraycopy(body, 0, p, 1, body.length);
                                out.write(header(p.length, rnd.nextInt(8) == 0 ? rnd.nextInt(256) : 0));
                                out.write(p);
                                drain(in);
                            }
                        }
                    }
                    default -> {
                        RawClient c = new RawClient(s);
                        c.authenticate("app", "app", 0);
                        out.write(randomBytes(rnd, 1 + rnd.nextInt(64)));
                    }
                }
                out.flush();
                drain(in);
            } catch (java.io.IOException e) {
                // The proxy may close a hostile connection at any point; that is an acceptable answer.
            }
        }
    }

    private static void drain(InputStream in) {
        try {
            byte[] buf = new byte[8192];
            while (in.read(buf) >= 0) {
                // keep reading until the server closes or goes quiet
            }
        } catch (java.io.IOException quiet) {
            // timeout: the server is waiting for more input
        }
    }

    private static byte[] randomBytes(Random rnd, int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    private static byte[] mutate(Random rnd, byte[] valid) {
        byte[] b = valid.clone();
        switch (rnd.nextInt(3)) {
            case 0 -> {
                for (int k = 0; k < 1 + rnd.nextInt(4); k++) {
                    b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
                }
            }
            case 1 -> b = java.util.Arrays.copyOf(b, rnd.nextInt(b.length));
            default -> b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
        }
        return b;
    }

}
