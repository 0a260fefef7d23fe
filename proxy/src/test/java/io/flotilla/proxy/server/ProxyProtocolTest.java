package io.flotilla.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.proxy.protocol.AuthSwitchRequest;
import io.flotilla.proxy.protocol.Capabilities;
import io.flotilla.proxy.protocol.ColumnDefinition41;
import io.flotilla.proxy.protocol.HandshakeResponse41;
import io.flotilla.proxy.protocol.NativePassword;
import io.flotilla.proxy.protocol.TextRow;
import io.flotilla.replicator.TestClusters;
import io.flotilla.replicator.cluster.FlotillaCluster;
import io.flotilla.replicator.log.LoggedSession;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The proxy's protocol byte by byte with a raw client: EOF vs CLIENT_DEPRECATE_EOF, status flags, multi-results,
 * COM_FIELD_LIST / RESET_CONNECTION / SET_OPTION / INIT_DB / PING, unknown commands, auth switch, 16 MiB packets.
 */
class ProxyProtocolTest {
    static FlotillaCluster cluster;
    static ProxyServer proxy;

    @BeforeAll
    static void up() throws Exception {
        cluster = TestClusters.start(2, Map.of());
        for (String node : cluster.config().nodes().keySet()) {
            // Backend connections opened from now on may carry 17 MB values.
            try (Connection c = cluster.nodes().replicator(node); Statement st = c.createStatement()) {
                st.execute("SET GLOBAL max_allowed_packet = 67108864");
            }
        }
        cluster.startReplication();
        try (LoggedSession s = cluster.openSession()) {
            s.execute("CREATE TABLE kv (id INT PRIMARY KEY, v VARCHAR(100) NOT NULL DEFAULT 'x')", List.of());
            s.execute("INSERT INTO kv VALUES (1, 'one')", List.of());
        }
        assertThat(cluster.awaitCaughtUp(10_000)).isTrue();
        proxy = ProxyHarness.start(cluster, Map.of());
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

    @Test
    void resultSetWithAndWithoutDeprecateEof() throws Exception {
        try (RawClient c = RawClient.login(proxy.port(), "app", "app", 0)) {
            c.query("SELECT v FROM kv WHERE id = 1");
            List<RawClient.Packet> r = c.readResponse(false);
            assertThat(r).hasSize(5); // count, definition, EOF, row, EOF
            assertThat(r.get(0).payload()).containsExactly(1);
            ColumnDefinition41 def = ColumnDefinition41.decode(Unpooled.wrappedBuffer(r.get(1).payload()));
            assertThat(def.name()).isEqualTo("v");
            assertThat(def.table()).isEqualTo("kv");
            assertThat(r.get(2).payload()).hasSize(5).startsWith((byte) 0xFE);
            assertThat(TextRow.decode(Unpooled.wrappedBuffer(r.get(3).payload()), 1).string(0)).isEqualTo("one");
            assertThat(RawClient.status(r.get(4)) & Capabilities.SERVER_STATUS_AUTOCOMMIT).isNotZero();
            // Sequence ids run on from the command's 0.
            for (int i = 0; i < r.size(); i++) {
                assertThat(r.get(i).sequenceId()).isEqualTo(i + 1);
            }
        }
        try (RawClient c = RawClient.login(proxy.port(), "app", "app", Capabilities.CLIENT_DEPRECATE_EOF)) {
            c.query("SELECT v FROM kv WHERE id = 1");
            List<RawClient.Packet> r = c.readResponse(true);
            assertThat(r).hasSize(4); // count, definition, row, OK(0xFE)
            assertThat(r.get(3).header()).isEqualTo(0xFE);
            assertThat(r.get(3).payload().length).isGreaterThan(5);
            c.query("BEGIN");
            RawClient.Packet ok = c.read();
            assertThat(ok.isOk()).isTrue();
            assertThat(RawClient.status(ok) & Capabilities.SERVER_STATUS_IN_TRANS).isNotZero();
            c.query("COMMIT");
            ok = c.read();
            assertThat(RawClient.status(ok) & Capabilities.SERVER_STATUS_IN_TRANS).isZero();
        }
    }

    @Test
    void multiStatementsFollowTheOptionAndFlagMoreResults() throws Exception {
        try (RawClient c = RawClient.login(proxy.port(), "app", "app", 0)) {
            c.query("SELECT 1; SELECT 2");
            RawClient.Packet err = c.read();
            assertThat(err.isErr()).isTrue();
            assertThat(err.errorCode()).isEqualTo(1064);
            c.command(0x1B, new byte[] {0, 0}); // COM_SET_OPTION MULTI_STATEMENTS_ON
            assertThat(c.read().header()).isEqualTo(0xFE);
            c.query("SELECT 1; UPDATE kv SET v = v WHERE id = 1; SELECT 2");
            List<RawClient.Packet> first = c.readResponse(false);
            assertThat(RawClient.status(first.get(first.size() - 1)) & Capabilities.SERVER_MORE_RESULTS_EXISTS).isNotZero();
            RawClient.Packet update = c.read();
            assertThat(update.isOk()).isTrue();
            assertThat(RawClient.status(update) & Capabilities.SERVER_MORE_RESULTS_EXISTS).isNotZero();
            List<RawClient.Packet> last = c.readResponse(false);
            assertThat(RawClient.status(last.get(last.size() - 1)) & Capabilities.SERVER_MORE_RESULTS_EXISTS).isZero();
            c.command(0x1B, new byte[] {1, 0}); // MULTI_STATEMENTS_OFF
            assertThat(c.read().header()).isEqualTo(0xFE);
            c.query("SELECT 1; SELECT 2");
            assertThat(c.read().errorCode()).isEqualTo(1064);
        }
    }

    @Test
    void fieldListInitDbPingAndReset() throws Exception {
        try (RawClient c = RawClient.login(proxy.port(), "app", "app", 0)) {
            c.command(0x04, "kv\0".getBytes(StandardCharsets.UTF_8)); // COM_FIELD_LIST kv
            RawClient.Packet id = c.read();
            ByteBuf idDef = Unpooled.wrappedBuffer(id.payload());
            assertThat(ColumnDefinition41.decode(idDef).orgName()).isEqualTo("id");
            assertThat(idDef.readUnsignedByte()).isEqualTo((short) 0xFB); // default value field
            assertThat(ColumnDefinition41.decode(Unpooled.wrappedBuffer(c.read().payload())).orgName()).isEqualTo("v");
            assertThat(c.read().header()).isEqualTo(0xFE);
            c.command(0x04, "kv\0i%".getBytes(StandardCharsets.UTF_8)); // wildcard: only "id"
            assertThat(ColumnDefinition41.decode(Unpooled.wrappedBuffer(c.read().payload())).orgName()).isEqualTo("id");
            assertThat(c.read().header()).isEqualTo(0xFE);
            c.command(0x04, "missing\0".getBytes(StandardCharsets.UTF_8));
            assertThat(c.read().errorCode()).isEqualTo(1146);

            c.command(0x0E, new byte[0]); // COM_PING
            assertThat(c.read().isOk()).isTrue();
            c.command(0x09, new byte[0]); // COM_STATISTICS: a bare string
            assertThat(c.read().text()).startsWith("Uptime: ").contains("Threads: ");
            c.command(0x02, "app".getBytes(StandardCharsets.UTF_8)); // COM_INIT_DB
            assertThat(c.read().isOk()).isTrue();
            c.command(0x02, "nope_db".getBytes(StandardCharsets.UTF_8));
            RawClient.Packet bad = c.read();
            assertThat(bad.isErr()).isTrue();
            assertThat(bad.errorCode()).isIn(1049, 1044);

            c.query("BEGIN");
            c.read();
            c.query("INSERT INTO kv VALUES (50, 'uncommitted')");
            assertThat(c.read().isOk()).isTrue();
            c.query("SET @x = 5");
            c.read();
            c.command(0x1F, new byte[0]); // COM_RESET_CONNECTION
            RawClient.Packet ok = c.read();
            assertThat(ok.isOk()).isTrue();
            assertThat(RawClient.status(ok) & Capabilities.SERVER_STATUS_IN_TRANS).isZero();
            c.query("SELECT COUNT(*), @x, DATABASE() FROM kv WHERE id = 50");
            TextRow row = TextRow.decode(Unpooled.wrappedBuffer(c.readResponse(false).get(5).payload()), 3);
            assertThat(row.string(0)).isEqualTo("0"); // the open transaction was rolled back
            assertThat(row.string(1)).isNull();      // user variables are gone
            assertThat(row.string(2)).isEqualTo("app");
        }
    }

    @Test
    void unknownAndBinaryCommandsGetErrorsAndTheSessionGoesOn() throws Exception {
        try (RawClient c = RawClient.login(proxy.port(), "app", "app", 0)) {
            for (int code : new int[] {0x11, 0x42, 0xFF}) { // CHANGE_USER, nonsense, 0xFF
                c.command(code, "x".getBytes(StandardCharsets.UTF_8));
                RawClient.Packet err = c.read();
                assertThat(err.isErr()).isTrue();
                assertThat(err.errorCode()).isEqualTo(1047);
                assertThat(new String(err.payload(), 4, 5, StandardCharsets.US_ASCII)).isEqualTo("08S01");
            }
            c.command(0x16, "x".getBytes(StandardCharsets.UTF_8)); // COM_STMT_PREPARE of bad SQL: the server's own error
            assertThat(c.read().errorCode()).isEqualTo(1064);
            c.command(0x0E, new byte[0]);
            assertThat(c.read().isOk()).isTrue();
        }
    }

    @Test
    void aClientWithAnotherPluginIsAskedToSwitch() throws Exception {
        try (RawClient c = new RawClient(proxy.port())) {
            c.readHandshake();
            HandshakeResponse41 r = new HandshakeResponse41(RawClient.CAPS, 1 << 24, 45, "app", "app".getBytes(StandardCharsets.UTF_8),
                    "app", "mysql_clear_password", Map.of());
            ByteBuf b = Unpooled.buffer();
            r.encode(b);
            c.send(1, RawClient.bytes(b));
            RawClient.Packet p = c.read();
            assertThat(p.sequenceId()).isEqualTo(2);
            AuthSwitchRequest sw = AuthSwitchRequest.decode(Unpooled.wrappedBuffer(p.payload()));
            assertThat(sw.pluginName()).isEqualTo(NativePassword.PLUGIN_NAME);
            assertThat(sw.pluginData()).hasSize(20).isNotEqualTo(c.handshake.authPluginData());
            c.send(3, NativePassword.scramble("app".getBytes(StandardCharsets.UTF_8), sw.pluginData()));
            RawClient.Packet ok = c.read();
            assertThat(ok.isOk()).as(ok.text()).isTrue();
            assertThat(ok.sequenceId()).isEqualTo(4);
        }
    }

    @Test
    void payloadsOver16MiBTravelBothWays() throws Exception {
        int n = 17 * 1024 * 1024;
        char[] big = new char[n];
        Arrays.fill(big, 'q');
        try (RawClient c = RawClient.login(proxy.port(), "app", "app", 0)) {
            c.query("SELECT LENGTH('" + new String(big) + "')"); // a 17 MiB COM_QUERY: two packets
            List<RawClient.Packet> r = c.readResponse(false);
            assertThat(r.get(0).isErr()).as(r.get(0).text()).isFalse();
            assertThat(TextRow.decode(Unpooled.wrappedBuffer(r.get(3).payload()), 1).string(0)).isEqualTo(Integer.toString(n));
            c.query("SELECT REPEAT('z', " + n + ")"); // a 17 MiB row: two packets back
            r = c.readResponse(false);
            assertThat(r.get(0).isErr()).as(r.get(0).text()).isFalse();
            byte[] value = TextRow.decode(Unpooled.wrappedBuffer(r.get(3).payload()), 1).values().get(0);
            assertThat(value).hasSize(n);
            assertThat(value[n - 1]).isEqualTo((byte) 'z');
            c.command(0x0E, new byte[0]);
            assertThat(c.read().isOk()).isTrue();
        }
    }
}
