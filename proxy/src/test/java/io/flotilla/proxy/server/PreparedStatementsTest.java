package io.flotilla.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.proxy.protocol.BinaryDateTime;
import io.flotilla.proxy.protocol.BinaryRow;
import io.flotilla.proxy.protocol.BinaryTime;
import io.flotilla.proxy.protocol.Capabilities;
import io.flotilla.proxy.protocol.ColumnDefinition41;
import io.flotilla.proxy.protocol.ColumnType;
import io.flotilla.proxy.protocol.ComStmtClose;
import io.flotilla.proxy.protocol.ComStmtExecute;
import io.flotilla.proxy.protocol.ComStmtReset;
import io.flotilla.proxy.protocol.ComStmtSendLongData;
import io.flotilla.proxy.protocol.ParamType;
import io.flotilla.replicator.TestClusters;
import io.flotilla.replicator.cluster.FlotillaCluster;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PreparedStatements on a real two-node cluster, driven with binary-protocol packets as a client would send them,
 * over a FlotillaConnection (and a plain Connector/J connection): every common type round-trips exactly, NULL is
 * the bitmap, long data, errors keep their MySQL codes, and the follower ends up with the leader's data.
 */
class PreparedStatementsTest {
  static final String TABLE_COLUMNS = "(id INT PRIMARY KEY, ti TINYINT, tiu TINYINT UNSIGNED, si SMALLINT,"
      + " mi MEDIUMINT, i INT, iu INT UNSIGNED, bi BIGINT, biu BIGINT UNSIGNED, dc DECIMAL(30,6), f FLOAT, d DOUBLE,"
      + " vc VARCHAR(100), tx TEXT, bl BLOB, dt DATE, dtm DATETIME(6), ts TIMESTAMP(6) NULL, tm TIME(6), yr YEAR,"
      + " en ENUM('a','b','c'), st SET('x','y','z'), js JSON, bt BIT(10))";
  static final String INSERT = "INSERT INTO %s VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
      + " ?, ?, ?, ?)";
  static final int STATUS = Capabilities.SERVER_STATUS_AUTOCOMMIT;

  static FlotillaCluster cluster;
  static String url;

  @BeforeAll
  static void up() throws Exception {
    cluster = TestClusters.start(2, Map.of());
    cluster.startReplication();
    url = "jdbc:flotilla://" + cluster.config().nodes().get(cluster.leader()) + "/app?user=app&password=app";
    try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE alltypes " + TABLE_COLUMNS);
    }
  }

  @AfterAll
  static void down() {
    cluster.close();
  }

  /** The types Connector/J and libmysqlclient bind for these columns, in order. */
  static List<ParamType> insertTypes() {
    int[] t = {ColumnType.LONG, ColumnType.TINY, ColumnType.TINY, ColumnType.SHORT, ColumnType.LONG, ColumnType.LONG,
        ColumnType.LONG, ColumnType.LONGLONG, ColumnType.LONGLONG, ColumnType.NEWDECIMAL, ColumnType.FLOAT,
        ColumnType.DOUBLE, ColumnType.VAR_STRING, ColumnType.STRING, ColumnType.BLOB, ColumnType.DATE,
        ColumnType.DATETIME, ColumnType.TIMESTAMP, ColumnType.TIME, ColumnType.SHORT, ColumnType.VAR_STRING,
        ColumnType.VAR_STRING, ColumnType.VAR_STRING, ColumnType.LONGLONG};
    boolean[] unsigned = new boolean[t.length];
    unsigned[2] = unsigned[6] = unsigned[8] = true;
    List<ParamType> types = new ArrayList<>();
    for (int i = 0; i < t.length; i++) {
      types.add(new ParamType(t[i], unsigned[i]));
    }
    return types;
  }

  static List<Object> extremes(int id) {
    return Arrays.asList((long) id, -128L, 255L, -32768L, -8388608L, (long) Integer.MIN_VALUE, 4294967295L,
        Long.MIN_VALUE, new BigInteger("18446744073709551615"), bytes("-123456789012345678.123456"), 1.5f,
        -2.718281828459045d, bytes("héllo ✓"), bytes("text\0with nul"), new byte[] {0, (byte) 0xFF, 0x7F, 10},
        new BinaryDateTime(1000, 1, 1, 0, 0, 0, 0), new BinaryDateTime(9999, 12, 31, 23, 59, 59, 999_999),
        new BinaryDateTime(2038, 1, 19, 3, 14, 7, 123_456), new BinaryTime(true, 34, 22, 59, 59, 0), 2155L,
        bytes("c"), bytes("x,z"), bytes("{\"k\": [1, 2]}"), 1023L);
  }

  static List<Object> allNull(int id) {
    List<Object> v = new ArrayList<>();
    v.add((long) id);
    for (int i = 1; i < 24; i++) {
      v.add(null);
    }
    return v;
  }

  @Test
  void everyTypeRoundTripsThroughFlotilla() throws Exception {
    try (Connection c = DriverManager.getConnection(url); PreparedStatements ps = session(c, true)) {
      roundTrip(ps, new StmtClient(true), "alltypes");
    }
    assertThat(cluster.awaitCaughtUp(10_000)).isTrue();
    assertThat(cluster.checksums(cluster.followers().get(0))).isEqualTo(cluster.checksums(cluster.leader()));
  }

  @Test
  void everyTypeRoundTripsOnPlainConnectorJWithEofPackets() throws Exception {
    try (Connection c = cluster.nodes().app(cluster.leader()); PreparedStatements ps = session(c, false)) {
      try (Statement st = c.createStatement()) {
        st.execute("CREATE TEMPORARY TABLE tmp_types " + TABLE_COLUMNS);
      }
      roundTrip(ps, new StmtClient(false), "tmp_types");
    }
  }

  private void roundTrip(PreparedStatements ps, StmtClient client, String table) {
    StmtClient.Prepared insert = client.prepare(ps, String.format(INSERT, table));
    assertThat(insert.ok().paramCount()).isEqualTo(24);
    assertThat(insert.ok().columnCount()).isZero();
    long id = insert.ok().statementId();
    StmtClient.Result r1 = client.execute(ps, id, insertTypes(), extremes(1), true);
    assertThat(r1.err()).isNull();
    assertThat(r1.ok().affectedRows()).isEqualTo(1);
    // Second execute re-uses the bound types (new-params-bound = 0) and binds NULL everywhere but the key.
    StmtClient.Result r2 = client.execute(ps, id, insertTypes(), allNull(2), false);
    assertThat(r2.err()).isNull();

    StmtClient.Prepared select = client.prepare(ps, "SELECT * FROM " + table + " WHERE id = ?");
    List<ParamType> intParam = List.of(new ParamType(ColumnType.LONG, false));
    StmtClient.Result row1 = client.execute(ps, select.ok().statementId(), intParam, List.of(1L), true);
    assertThat(row1.rows()).hasSize(1);
    List<ColumnDefinition41> cols = row1.columns();
    assertThat(cols).extracting(ColumnDefinition41::type).containsExactly(ColumnType.LONG, ColumnType.TINY,
        ColumnType.TINY, ColumnType.SHORT, ColumnType.INT24, ColumnType.LONG, ColumnType.LONG, ColumnType.LONGLONG,
        ColumnType.LONGLONG, ColumnType.NEWDECIMAL, ColumnType.FLOAT, ColumnType.DOUBLE, ColumnType.VAR_STRING,
        ColumnType.BLOB, ColumnType.BLOB, ColumnType.DATE, ColumnType.DATETIME, ColumnType.TIMESTAMP,
        ColumnType.TIME, ColumnType.YEAR, ColumnType.STRING, ColumnType.STRING, ColumnType.BLOB, ColumnType.BIT);
    BinaryRow r = row1.rows().get(0);
    List<Object> expected = new ArrayList<>(extremes(1));
    for (int i = 0; i < 24; i++) {
      Object got = r.values().get(i);
      Object want = expected.get(i);
      if (i == 9) {
        assertThat(new String((byte[]) got, StandardCharsets.US_ASCII)).isEqualTo("-123456789012345678.123456");
      } else if (i == 23) {
        assertThat((byte[]) got).as("BIT(10) 1023 as two big-endian bytes").containsExactly(0x03, 0xFF);
      } else if (want instanceof byte[] w) {
        assertThat((byte[]) got).as("column %d", i).isEqualTo(w);
      } else {
        assertThat(got).as("column %d", i).isEqualTo(want);
      }
    }
    StmtClient.Result row2 = client.execute(ps, select.ok().statementId(), intParam, List.of(2L), false);
    assertThat(row2.rows().get(0).values().subList(1, 24)).containsOnlyNulls();
    // NULL is the bitmap only: header, 4 bitmap bytes (24 columns + 2 offset bits), then just the 4-byte id.
    assertThat(client.sent.get(row2.packets() - 2).writerIndex()).isEqualTo(1 + 4 + 4);

    StmtClient.Result none = client.execute(ps, select.ok().statementId(), intParam, List.of(99L), false);
    assertThat(none.rows()).isEmpty();
    assertThat(none.columns()).hasSize(24);
    // Once the session has seen the columns, a new prepare of the same SQL announces them, as MySQL would.
    assertThat(client.prepare(ps, "SELECT * FROM " + table + " WHERE id = ?").columns()).isEqualTo(cols);
  }

  @Test
  void longDataIsAccumulatedAndClearedByReset() throws Exception {
    try (Connection c = DriverManager.getConnection(url); PreparedStatements ps = session(c, true)) {
      StmtClient client = new StmtClient(true);
      client.prepare(ps, "CREATE TABLE IF NOT EXISTS blobs (id INT PRIMARY KEY, b LONGBLOB, t TEXT)");
      client.execute(ps, ps.size(), List.of(), List.of(), false);
      long id = client.prepare(ps, "INSERT INTO blobs VALUES (?, ?, ?)").ok().statementId();
      byte[] chunk = new byte[100_000];
      for (int i = 0; i < chunk.length; i++) {
        chunk[i] = (byte) (i * 31);
      }
      ps.sendLongData(new ComStmtSendLongData(id, 1, chunk));
      ps.sendLongData(new ComStmtSendLongData(id, 1, chunk));
      ps.sendLongData(new ComStmtSendLongData(id, 2, "ünï".getBytes(StandardCharsets.UTF_8)));
      List<ParamType> types = List.of(new ParamType(ColumnType.LONG, false), new ParamType(ColumnType.BLOB, false),
          new ParamType(ColumnType.STRING, false));
      ByteBuf exec = Unpooled.buffer();
      new ComStmtExecute(id, 0, 1, true, types, Arrays.asList(1L, null, null)).encode(exec, i -> i > 0);
      assertThat(client.executeRaw(ps, exec).ok().affectedRows()).isEqualTo(1);
      // Long data was consumed by that execute: the same packet now decodes with the BLOB's value missing.
      ps.sendLongData(new ComStmtSendLongData(id, 1, chunk));
      client.sent.clear();
      ps.reset(new ComStmtReset(id), client);
      assertThat(client.decodeResult().ok()).isNotNull();
      StmtClient.Result after = client.execute(ps, id, types, Arrays.asList(2L, null, null), false);
      assertThat(after.err()).isNull();

      long sel = client.prepare(ps, "SELECT b, t FROM blobs ORDER BY id").ok().statementId();
      List<BinaryRow> rows = client.execute(ps, sel, List.of(), List.of(), false).rows();
      byte[] doubled = new byte[2 * chunk.length];
      System.arraycopy(chunk, 0, doubled, 0, chunk.length);
      System.arraycopy(chunk, 0, doubled, chunk.length, chunk.length);
      assertThat((byte[]) rows.get(0).values().get(0)).isEqualTo(doubled);
      assertThat(rows.get(0).string(1)).isEqualTo("ünï");
      assertThat(rows.get(1).values()).as("reset dropped the long data: both NULL").containsOnlyNulls();
    }
  }

  @Test
  void errorsKeepMysqlCodesAndStatementsCanBeClosed() throws Exception {
    try (Connection c = DriverManager.getConnection(url); PreparedStatements ps = session(c, true)) {
      StmtClient client = new StmtClient(true);
      StmtClient.Result unknown = client.execute(ps, 4242, List.of(), List.of(), false);
      assertThat(unknown.err().errorCode()).isEqualTo(1243);
      assertThat(unknown.err().sqlState()).isEqualTo("HY000");
      client.sent.clear();
      ps.reset(new ComStmtReset(4242), client);
      assertThat(client.decodeResult().err().errorCode()).isEqualTo(1243);

      long missing = client.prepare(ps, "SELECT * FROM no_such_table WHERE id = ?").ok().statementId();
      StmtClient.Result noTable = client.execute(ps, missing, List.of(new ParamType(ColumnType.LONG, false)),
          List.of(1L), true);
      assertThat(noTable.err().errorCode()).isEqualTo(1146);
      assertThat(noTable.err().sqlState()).isEqualTo("42S02");

      client.prepare(ps, "CREATE TABLE IF NOT EXISTS uniq (id INT PRIMARY KEY)");
      client.execute(ps, ComStmtExecute.LAST_PREPARED, List.of(), List.of(), false);
      long ins = client.prepare(ps, "INSERT INTO uniq VALUES (?)").ok().statementId();
      List<ParamType> t = List.of(new ParamType(ColumnType.LONG, false));
      assertThat(client.execute(ps, ins, t, List.of(7L), true).err()).isNull();
      StmtClient.Result dup = client.execute(ps, ins, t, List.of(7L), false);
      assertThat(dup.err().errorCode()).isEqualTo(1062);
      assertThat(dup.err().sqlState()).isEqualTo("23000");
      assertThat(client.execute(ps, ins, t, List.of(8L), false).ok().affectedRows())
          .as("the statement stays usable after an error").isEqualTo(1);

      int open = ps.size();
      ps.close(new ComStmtClose(ins));
      ps.close(new ComStmtClose(ins)); // closing twice is ignored, as in MySQL
      assertThat(ps.size()).isEqualTo(open - 1);
      assertThat(client.execute(ps, ins, t, List.of(9L), true).err().errorCode()).isEqualTo(1243);
      ps.close();
      assertThat(ps.size()).isZero();
    }
  }

  @Test
  void zeroDatesAndTimesBeyondADayRoundTrip() throws Exception {
    try (Connection c = DriverManager.getConnection(url); PreparedStatements ps = session(c, true)) {
      StmtClient client = new StmtClient(true);
      client.execute(ps, client.prepare(ps, "CREATE TABLE IF NOT EXISTS zero_dates (id INT PRIMARY KEY, d DATE,"
          + " dt DATETIME(6), t TIME(6))").ok().statementId(), List.of(), List.of(), false);
      long ins = client.prepare(ps, "INSERT INTO zero_dates VALUES (?, ?, ?, ?)").ok().statementId();
      List<ParamType> types = List.of(new ParamType(ColumnType.LONG, false), new ParamType(ColumnType.DATE, false),
          new ParamType(ColumnType.DATETIME, false), new ParamType(ColumnType.TIME, false));
      BinaryDateTime zero = new BinaryDateTime(0, 0, 0, 0, 0, 0, 0);
      BinaryTime longest = new BinaryTime(false, 34, 22, 59, 59, 999_999); // 838:59:59.999999
      assertThat(client.execute(ps, ins, types, List.of(1L, zero, zero, longest), true).err()).isNull();
      long sel = client.prepare(ps, "SELECT d, dt, t FROM zero_dates WHERE id = 1").ok().statementId();
      StmtClient.Result r = client.execute(ps, sel, List.of(), List.of(), false);
      assertThat(r.rows().get(0).values()).containsExactly(zero, zero, longest);
      // A zero date-time is the 1-byte length-0 form on the wire.
      assertThat(client.sent.get(r.packets() - 2).getUnsignedByte(2)).isZero();
    }
  }

  @Test
  void columnsAreKnownAtPrepareFromTheNodeAndSyntaxErrorsFailThePrepare() throws Exception {
    String node = cluster.config().nodes().get(cluster.leader()).toString();
    try (Connection c = DriverManager.getConnection(url);
        PrepareMetadata metadata = new PrepareMetadata(List.of(node), Map.of("app", "app"));
        PreparedStatements ps = new PreparedStatements(() -> c, Capabilities.CLIENT_DEPRECATE_EOF, () -> STATUS,
            sql -> metadata.columns("app", "app", sql))) {
      StmtClient client = new StmtClient(true);
      StmtClient.Prepared select = client.prepare(ps, "SELECT id, vc, dtm FROM alltypes WHERE id = ?");
      assertThat(select.columns()).extracting(ColumnDefinition41::name).containsExactly("id", "vc", "dtm");
      assertThat(select.columns()).extracting(ColumnDefinition41::type)
          .containsExactly(ColumnType.LONG, ColumnType.VAR_STRING, ColumnType.DATETIME);
      assertThat(client.prepare(ps, "UPDATE alltypes SET vc = ? WHERE id = ?").columns()).isEmpty();

      client.sent.clear();
      ps.prepare(new io.flotilla.proxy.protocol.ComStmtPrepare("SELEC id FROM alltypes"), client);
      StmtClient.Result syntax = client.decodeResult();
      assertThat(syntax.err().errorCode()).isEqualTo(1064);
      assertThat(syntax.err().sqlState()).isEqualTo("42000");

      // A table the node cannot see (yet): no columns at prepare, and that is not remembered.
      assertThat(client.prepare(ps, "SELECT k FROM later").columns()).isEmpty();
      try (Statement st = c.createStatement()) {
        st.execute("CREATE TABLE later (k INT)");
      }
      StmtClient.Prepared later = client.prepare(ps, "SELECT k FROM later");
      assertThat(later.columns()).extracting(ColumnDefinition41::name).containsExactly("k");
      assertThat(client.execute(ps, later.ok().statementId(), List.of(), List.of(), false).rows()).isEmpty();
    }
  }

  private static PreparedStatements session(Connection c, boolean deprecateEof) {
    int caps = Capabilities.CLIENT_PROTOCOL_41 | (deprecateEof ? Capabilities.CLIENT_DEPRECATE_EOF : 0);
    return new PreparedStatements(() -> c, caps, () -> STATUS);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
