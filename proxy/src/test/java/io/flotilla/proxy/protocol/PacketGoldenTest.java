package io.flotilla.proxy.protocol;

import static io.flotilla.proxy.protocol.Bytes.asciiHex;
import static io.flotilla.proxy.protocol.Bytes.hex;
import static io.flotilla.proxy.protocol.Bytes.toHex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/** Result-set and command packets against hand-written wire bytes. */
class PacketGoldenTest {
  @Test
  void okPacket() {
    String wire = "00"          // header: OK
        + "01"                  // affected rows: lenenc 1
        + "fcfb00"              // last insert id: lenenc 251 (needs the 0xFC form)
        + "0300"                // status: IN_TRANS | AUTOCOMMIT
        + "0100"                // warnings: 1
        + asciiHex("ok");       // info: string<EOF>
    OkPacket ok = OkPacket.of(1, 251, Capabilities.SERVER_STATUS_IN_TRANS | Capabilities.SERVER_STATUS_AUTOCOMMIT, 1, "ok");
    assertThat(toHex(encode(ok::encode))).isEqualTo(wire);
    assertThat(OkPacket.decode(hex(wire))).isEqualTo(ok);
  }

  @Test
  void okPacketReplacingEof() {
    String wire = "fe" + "00" + "00" + "0200" + "0000"; // 0xFE header, 0 rows, id 0, AUTOCOMMIT, 0 warnings
    OkPacket ok = OkPacket.decode(hex(wire));
    assertThat(ok.header()).isEqualTo(OkPacket.HEADER_EOF);
    assertThat(ok.status()).isEqualTo(Capabilities.SERVER_STATUS_AUTOCOMMIT);
    assertThat(toHex(encode(ok::encode))).isEqualTo(wire);
  }

  @Test
  void errPacket() {
    String message = "Access denied for user 'root'@'localhost' (using password: YES)";
    String wire = "ff"          // header: ERR
        + "1504"                // error code 1045 (0x0415) little-endian
        + "23"                  // '#' SQLSTATE marker
        + asciiHex("28000")     // SQLSTATE
        + asciiHex(message);    // message: string<EOF>
    ErrPacket err = new ErrPacket(1045, "28000", message);
    assertThat(toHex(encode(err::encode))).isEqualTo(wire);
    assertThat(ErrPacket.decode(hex(wire))).isEqualTo(err);
  }

  @Test
  void errPacketWithoutSqlStateMarker() {
    ErrPacket err = ErrPacket.decode(hex("ff", "1504", asciiHex("denied"))); // pre-4.1: no '#' + state
    assertThat(err.sqlState()).isEqualTo("HY000");
    assertThat(err.message()).isEqualTo("denied");
  }

  @Test
  void eofPacket() {
    String wire = "fe"          // header: EOF
        + "0000"                // warnings: 0
        + "0a00";               // status: AUTOCOMMIT | MORE_RESULTS_EXISTS
    EofPacket eof = new EofPacket(0, Capabilities.SERVER_STATUS_AUTOCOMMIT | Capabilities.SERVER_MORE_RESULTS_EXISTS);
    assertThat(toHex(encode(eof::encode))).isEqualTo(wire);
    assertThat(EofPacket.decode(hex(wire))).isEqualTo(eof);
  }

  @Test
  void columnDefinition() {
    String wire = "03" + asciiHex("def") // catalog
        + "04" + asciiHex("test")        // schema
        + "01" + asciiHex("t")           // table (alias)
        + "01" + asciiHex("t")           // org_table
        + "02" + asciiHex("id")          // name (alias)
        + "02" + asciiHex("id")          // org_name
        + "0c"                           // length of the fixed fields: 12
        + "3f00"                         // charset 63 (binary)
        + "0b000000"                     // column length 11
        + "03"                           // type MYSQL_TYPE_LONG
        + "0302"                         // flags NOT_NULL | PRI_KEY | AUTO_INCREMENT (0x0203)
        + "00"                           // decimals
        + "0000";                        // filler
    ColumnDefinition41 col = new ColumnDefinition41("test", "t", "t", "id", "id", 63, 11, 3, 0x0203, 0);
    assertThat(toHex(encode(col::encode))).isEqualTo(wire);
    assertThat(ColumnDefinition41.decode(hex(wire))).isEqualTo(col);
  }

  @Test
  void columnDefinitionWithWrongFixedMarkerIsRejected() {
    String wire = "03" + asciiHex("def") + "00" + "00" + "00" + "00" + "00" + "0b" + "3f00" + "0b000000" + "03"
        + "0000" + "00" + "0000";
    assertThatThrownBy(() -> ColumnDefinition41.decode(hex(wire))).isInstanceOf(ProtocolException.class);
  }

  @Test
  void textRowWithNull() {
    String wire = "01" + asciiHex("1")  // column 0: "1"
        + "fb"                          // column 1: SQL NULL
        + "00"                          // column 2: empty string, which is not NULL
        + "05" + asciiHex("hello");     // column 3: "hello"
    TextRow row = TextRow.ofStrings("1", null, "", "hello");
    ByteBuf out = encode(row::encode);
    assertThat(toHex(out)).isEqualTo(wire);
    assertThat(out.getUnsignedByte(2)).isEqualTo((short) 0xFB);
    TextRow decoded = TextRow.decode(hex(wire), 4);
    assertThat(decoded.values().get(1)).isNull();
    assertThat(decoded.string(0)).isEqualTo("1");
    assertThat(decoded.string(2)).isEmpty();
    assertThat(decoded.string(3)).isEqualTo("hello");
  }

  @Test
  void textRowWithWrongColumnCountIsRejected() {
    assertThatThrownBy(() -> TextRow.decode(hex("01", "31", "fb"), 1)).isInstanceOf(ProtocolException.class);
    assertThatThrownBy(() -> TextRow.decode(hex("01", "31"), 2)).isInstanceOf(ProtocolException.class);
  }

  @Test
  void comQuery() {
    String wire = "03" + asciiHex("SELECT 1"); // COM_QUERY, SQL as string<EOF>
    assertThat(ComQuery.decode(hex(wire)).sql()).isEqualTo("SELECT 1");
    assertThat(toHex(encode(new ComQuery("SELECT 1")::encode))).isEqualTo(wire);
    assertThatThrownBy(() -> ComQuery.decode(hex("0e"))).isInstanceOf(ProtocolException.class);
  }

  @Test
  void commandBytes() {
    assertThat(Command.fromByte(0x03)).isEqualTo(Command.COM_QUERY);
    assertThat(Command.fromByte(0x1F)).isEqualTo(Command.COM_RESET_CONNECTION);
    assertThat(Command.fromByte((byte) 0x16)).isEqualTo(Command.COM_STMT_PREPARE);
    assertThatThrownBy(() -> Command.fromByte(0x99))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("0x99");
  }

  static ByteBuf encode(java.util.function.Consumer<ByteBuf> encoder) {
    ByteBuf out = Unpooled.buffer();
    encoder.accept(out);
    return out;
  }
}
