package io.flotilla.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flotilla.embedded.LoopbackPorts;
import io.flotilla.proxy.protocol.BinaryRow;
import io.flotilla.proxy.protocol.ColumnDefinition41;
import io.flotilla.proxy.protocol.ColumnType;
import io.flotilla.proxy.protocol.ComStmtExecute;
import io.flotilla.proxy.protocol.ParamType;
import io.flotilla.proxy.protocol.StmtPrepareOk;
import io.flotilla.replicator.TestClusters;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.flotilla.replicator.cluster.FlotillaCluster;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Server-side prepared statements through the proxy on a real three-node cluster, with MySQL Connector/J and MariaDB
 * Connector/J ({@code useServerPrepStmts=true}): every common type round-trips, NULLs, insert ids, errors, payloads
 * larger than one 16 MiB packet both ways; afterwards both followers hold exactly the leader's data.
 */
class ProxyBinaryProtocolTest {
  static final String COLUMNS = "(id INT AUTO_INCREMENT PRIMARY KEY, ti TINYINT, tiu TINYINT UNSIGNED, si SMALLINT,"
      + " mi MEDIUMINT, i INT, iu INT UNSIGNED, bi BIGINT, biu BIGINT UNSIGNED, dc DECIMAL(30,6), f FLOAT, d DOUBLE,"
      + " vc VARCHAR(100), tx TEXT, bl LONGBLOB, dt DATE, dtm DATETIME(6), ts TIMESTAMP(6) NULL, tm TIME(6), yr YEAR,"
      + " en ENUM('a','b','c'), st SET('x','y','z'), js JSON)";
  static final String INSERT = "INSERT INTO %s (ti, tiu, si, mi, i, iu, bi, biu, dc, f, d, vc, tx, bl, dt, dtm, ts,"
      + " tm, yr, en, st, js) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  static final BigInteger U64_MAX = new BigInteger("18446744073709551615");

  static FlotillaCluster cluster;
  static ProxyServer proxy;

  @BeforeAll
  static void up() throws Exception {
    cluster = TestClusters.start(3, Map.of());
    cluster.startReplication();
    Properties p = new Properties();
    p.setProperty("proxy.listen", "127.0.0.1:" + LoopbackPorts.free());
    proxy = new ProxyServer(ProxyConfig.from(p, cluster.config(), null), cluster::status).start();
  }

  @AfterAll
  static void down() {
    if (proxy != null) {
      proxy.close();
    }
    cluster.close();
  }

  static Connection mysql() throws SQLException {
    return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + proxy.port()
        + "/app?useSSL=false&allowPublicKeyRetrieval=true&useServerPrepStmts=true&cachePrepStmts=true",
        cluster.config().user(), cluster.config().password());
  }

  static Connection mariadb() throws SQLException {
    return DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + proxy.port()
        + "/app?useServerPrepStmts=true&sslMode=disable", cluster.config().user(), cluster.config().password());
  }

  @Test
  void connectorJRoundTripsEveryType() throws Exception {
    // (false: Connector/J's own binary TIME decoder gets negative values with days wrong; see roundTrip.)
    roundTrip(mysql(), "cj_types", false);
  }

  @Test
  void mariadbConnectorRoundTripsEveryType() throws Exception {
    roundTrip(mariadb(), "maria_types", true);
  }

  private void roundTrip(Connection opened, String table, boolean decodesNegativeDays) throws Exception {
    try (Connection c = opened) {
      try (Statement st = c.createStatement()) {
        st.execute("CREATE TABLE " + table + " " + COLUMNS);
      }
      LocalDateTime dtm = LocalDateTime.of(2024, 2, 29, 13, 14, 15, 123_456_000);
      LocalDateTime ts = LocalDateTime.of(2038, 1, 19, 3, 14, 7, 999_999_000);
      long firstId;
      try (PreparedStatement ps = c.prepareStatement(String.format(INSERT, table), Statement.RETURN_GENERATED_KEYS)) {
        ps.setByte(1, (byte) -128);
        ps.setInt(2, 255);
        ps.setShort(3, (short) -32768);
        ps.setInt(4, -8388608);
        ps.setInt(5, Integer.MIN_VALUE);
        ps.setLong(6, 4294967295L);
        ps.setLong(7, Long.MIN_VALUE);
        ps.setBigDecimal(8, new BigDecimal(U64_MAX));
        ps.setBigDecimal(9, new BigDecimal("-123456789012345678.123456"));
        ps.setFloat(10, 1.5f);
        ps.setDouble(11, -2.718281828459045d);
        ps.setString(12, "héllo ✓");
        ps.setString(13, "text with 'quotes' and \\ backslash");
        ps.setBytes(14, new byte[] {0, (byte) 0xFF, 0x27, 0x5C, 10});
        ps.setObject(15, LocalDate.of(1000, 1, 1));
        ps.setObject(16, dtm);
        ps.setObject(17, ts);
        ps.setString(18, "-838:59:59.500000");
        ps.setInt(19, 2155);
        ps.setString(20, "c");
        ps.setString(21, "x,z");
        ps.setString(22, "{\"k\": [1, 2]}");
        assertThat(ps.executeUpdate()).isEqualTo(1);
        try (ResultSet keys = ps.getGeneratedKeys()) {
          assertThat(keys.next()).isTrue();
          firstId = keys.getLong(1);
          assertThat(firstId).isPositive();
        }
        for (int i = 1; i <= 22; i++) {
          ps.setNull(i, Types.NULL);
        }
        assertThat(ps.executeUpdate()).isEqualTo(1);
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + table + " WHERE id = ?")) {
        ps.setLong(1, firstId);
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getInt("ti")).isEqualTo(-128);
          assertThat(rs.getInt("tiu")).isEqualTo(255);
          assertThat(rs.getInt("si")).isEqualTo(-32768);
          assertThat(rs.getInt("mi")).isEqualTo(-8388608);
          assertThat(rs.getInt("i")).isEqualTo(Integer.MIN_VALUE);
          assertThat(rs.getLong("iu")).isEqualTo(4294967295L);
          assertThat(rs.getLong("bi")).isEqualTo(Long.MIN_VALUE);
          assertThat(new BigInteger(rs.getString("biu"))).isEqualTo(U64_MAX);
          assertThat(rs.getBigDecimal("biu").toBigInteger()).isEqualTo(U64_MAX);
          assertThat(rs.getBigDecimal("dc")).isEqualByComparingTo("-123456789012345678.123456");
          assertThat(rs.getFloat("f")).isEqualTo(1.5f);
          assertThat(rs.getDouble("d")).isEqualTo(-2.718281828459045d);
          assertThat(rs.getString("vc")).isEqualTo("héllo ✓");
          assertThat(rs.getString("tx")).isEqualTo("text with 'quotes' and \\ backslash");
          assertThat(rs.getBytes("bl")).containsExactly(0, 0xFF, 0x27, 0x5C, 10);
          assertThat(rs.getObject("dt", LocalDate.class)).isEqualTo(LocalDate.of(1000, 1, 1));
          assertThat(rs.getObject("dtm", LocalDateTime.class)).isEqualTo(dtm);
          assertThat(rs.getObject("ts", LocalDateTime.class)).isEqualTo(ts);
          if (decodesNegativeDays) {
            // Connector/J's binary TIME decoder applies the sign to the days only (-838:59:59 reads as -794:59:59),
            // as it does against MySQL itself; the leader's text below checks what was stored.
            assertThat(rs.getString("tm")).startsWith("-838:59:59");
          }
          assertThat(rs.getInt("yr")).isEqualTo(2155);
          assertThat(rs.getString("en")).isEqualTo("c");
          assertThat(rs.getString("st")).isEqualTo("x,z");
          assertThat(rs.getString("js")).isEqualTo("{\"k\": [1, 2]}");
          assertThat(rs.next()).isFalse();
        }
        ps.setLong(1, firstId + 1);
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(rs.next()).isTrue();
          for (int col = 2; col <= 23; col++) {
            assertThat(rs.getObject(col)).as("column %d", col).isNull();
            assertThat(rs.wasNull()).isTrue();
          }
        }
      }
      // What the binary protocol stored is what the server holds: the leader's own text rendering agrees.
      try (Connection direct = cluster.nodes().app(cluster.leader()); Statement st = direct.createStatement();
          ResultSet rs = st.executeQuery("SELECT CONCAT_WS('|', ti, tiu, si, mi, i, iu, bi, biu, dc, f, d, dt, dtm,"
              + " ts, tm, yr, en, st, HEX(bl)) FROM " + table + " WHERE id = " + firstId)) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("-128|255|-32768|-8388608|-2147483648|4294967295|-9223372036854775808|"
            + "18446744073709551615|-123456789012345678.123456|1.5|-2.718281828459045|1000-01-01|"
            + "2024-02-29 13:14:15.123456|2038-01-19 03:14:07.999999|-838:59:59.500000|2155|c|x,z|00FF275C0A");
      }
    }
    assertFollowersEqualLeader();
  }

  @Test
  void errorsAndUnknownStatementsKeepTheirCodes() throws Exception {
    try (Connection c = mysql()) {
      try (Statement st = c.createStatement()) {
        st.execute("CREATE TABLE uniq_ps (id INT PRIMARY KEY)");
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO uniq_ps VALUES (?)")) {
        ps.setInt(1, 1);
        ps.executeUpdate();
        assertThatThrownBy(ps::executeUpdate).isInstanceOfSatisfying(SQLException.class, e -> {
          assertThat(e.getErrorCode()).isEqualTo(1062);
          assertThat(e.getSQLState()).isEqualTo("23000");
        });
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT * FROM no_such_table WHERE id = ?")) {
        ps.setInt(1, 1);
        assertThatThrownBy(ps::executeQuery).isInstanceOfSatisfying(SQLException.class,
            e -> assertThat(e.getErrorCode()).isEqualTo(1146));
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM uniq_ps WHERE id > ?")) {
        ps.setInt(1, 0);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          assertThat(rs.getInt(1)).as("the session is still usable").isEqualTo(1);
        }
      }
    }
  }

  @Test
  void payloadsLargerThanOnePacketRoundTrip() throws Exception {
    // A 17 MiB value cannot be *stored* through Flotilla with the nodes' 64 MiB max_allowed_packet (the write and
    // its log entry travel together, hex-encoded by the backend driver), so the multi-packet request is a read and the
    // multi-packet row is computed by the server from a 9 MiB stored blob.
    byte[] huge = new byte[17 * 1024 * 1024 + 5];
    new Random(42).nextBytes(huge);
    byte[] blob = Arrays.copyOf(huge, 9 * 1024 * 1024);
    try (Connection c = mariadb()) {
      try (PreparedStatement ps = c.prepareStatement("SELECT LENGTH(?), MD5(?)")) {
        ps.setBytes(1, huge); // MariaDB Connector/J sends it inside the execute packet: two 16 MiB wire packets
        ps.setString(2, "x");
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          assertThat(rs.getLong(1)).isEqualTo(huge.length);
        }
      }
      try (Statement st = c.createStatement()) {
        st.execute("CREATE TABLE big_blob (id INT PRIMARY KEY, b LONGBLOB)");
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO big_blob VALUES (?, ?)")) {
        ps.setInt(1, 1);
        ps.setBytes(2, blob);
        ps.executeUpdate();
      }
    }
    try (Connection c = mysql()) {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO big_blob VALUES (?, ?)")) {
        ps.setInt(1, 2);
        ps.setBinaryStream(2, new ByteArrayInputStream(blob)); // COM_STMT_SEND_LONG_DATA chunks
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT b, REPEAT(b, 2) FROM big_blob WHERE id = ?")) {
        for (int id = 1; id <= 2; id++) {
          ps.setInt(1, id);
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            assertThat(Arrays.equals(rs.getBytes(1), blob)).as("blob %d", id).isTrue();
            byte[] twice = rs.getBytes(2); // an 18 MiB binary row: sent as two 16 MiB packets
            assertThat(twice.length).isEqualTo(2 * blob.length);
            assertThat(Arrays.equals(Arrays.copyOfRange(twice, blob.length, twice.length), blob)).isTrue();
          }
        }
      }
    }
    assertFollowersEqualLeader();
  }

  @Test
  void rawPipelinedExecuteAndResetConnection() throws Exception {
    try (RawClient c = RawClient.login(proxy.port(), cluster.config().user(), cluster.config().password(), 0)) {
      c.command(0x16, "SELECT ? + 1 AS answer".getBytes(StandardCharsets.UTF_8));
      StmtPrepareOk ok = StmtPrepareOk.decode(Unpooled.wrappedBuffer(c.read().payload()));
      assertThat(ok.paramCount()).isEqualTo(1);
      assertThat(ok.columnCount()).as("known at prepare, from the node").isEqualTo(1);
      c.read(); // the parameter's definition
      assertThat(c.read().header()).isEqualTo(0xFE); // EOF (no CLIENT_DEPRECATE_EOF)
      ColumnDefinition41 answer = ColumnDefinition41.decode(Unpooled.wrappedBuffer(c.read().payload()));
      assertThat(answer.name()).isEqualTo("answer");
      assertThat(c.read().header()).isEqualTo(0xFE);

      // MariaDB's pipelining id: "the statement prepared last".
      c.command(0x17, executeArgs(ComStmtExecute.LAST_PREPARED, 41L));
      List<RawClient.Packet> result = c.readResponse(false);
      ColumnDefinition41 col = ColumnDefinition41.decode(Unpooled.wrappedBuffer(result.get(1).payload()));
      BinaryRow row = BinaryRow.decode(Unpooled.wrappedBuffer(result.get(3).payload()), List.of(col));
      assertThat(((Number) row.values().get(0)).longValue()).isEqualTo(42);

      c.command(0x1F, new byte[0]); // COM_RESET_CONNECTION forgets every prepared statement
      assertThat(c.read().isOk()).isTrue();
      c.command(0x17, executeArgs(ok.statementId(), 1L));
      RawClient.Packet err = c.read();
      assertThat(err.isErr()).isTrue();
      assertThat(err.errorCode()).isEqualTo(1243);
    }
  }

  /** A COM_STMT_EXECUTE after its command byte, binding one LONGLONG. */
  private static byte[] executeArgs(long id, long value) {
    ByteBuf b = Unpooled.buffer();
    new ComStmtExecute(id, 0, 1, true, List.of(new ParamType(ColumnType.LONGLONG, false)), List.of(value))
        .encode(b, i -> false);
    b.skipBytes(1);
    return ByteBufUtil.getBytes(b);
  }

  static void assertFollowersEqualLeader() throws Exception {
    assertThat(cluster.awaitCaughtUp(30_000)).isTrue();
    Map<String, Long> leader = cluster.checksums(cluster.leader());
    for (String f : cluster.followers()) {
      assertThat(cluster.checksums(f)).as("follower %s", f).isEqualTo(leader);
    }
  }
}
