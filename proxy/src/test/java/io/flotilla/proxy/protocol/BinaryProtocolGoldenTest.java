package io.flotilla.proxy.protocol;

import static io.flotilla.proxy.protocol.Bytes.asciiHex;
import static io.flotilla.proxy.protocol.Bytes.hex;
import static io.flotilla.proxy.protocol.Bytes.toHex;
import static io.flotilla.proxy.protocol.PacketGoldenTest.encode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Prepared-statement (binary protocol) packets against hand-written wire bytes. */
class BinaryProtocolGoldenTest {
  private static final ColumnDefinition41 INT = column(ColumnType.LONG, 0);
  private static final ColumnDefinition41 VARCHAR = column(ColumnType.VAR_STRING, 0);
  private static final ColumnDefinition41 DATETIME = column(ColumnType.DATETIME, 0);
  private static final ColumnDefinition41 UBIGINT = column(ColumnType.LONGLONG, ColumnType.FLAG_UNSIGNED);

  @Test
  void comStmtPrepare() {
    String wire = "16" + asciiHex("SELECT ?"); // COM_STMT_PREPARE, SQL as string<EOF>
    assertThat(ComStmtPrepare.decode(hex(wire)).sql()).isEqualTo("SELECT ?");
    assertThat(toHex(encode(new ComStmtPrepare("SELECT ?")::encode))).isEqualTo(wire);
    assertThatThrownBy(() -> ComStmtPrepare.decode(hex("03"))).isInstanceOf(ProtocolException.class);
  }

  @Test
  void prepareOk() {
    String wire = "00"          // status: OK
        + "01000000"            // statement id 1
        + "0200"                // 2 result columns
        + "0100"                // 1 parameter
        + "00"                  // reserved filler
        + "0000";               // 0 warnings
    StmtPrepareOk ok = new StmtPrepareOk(1, 2, 1, 0);
    assertThat(toHex(encode(ok::encode))).isEqualTo(wire);
    assertThat(StmtPrepareOk.decode(hex(wire))).isEqualTo(ok);
    assertThat(StmtPrepareOk.decode(hex("00", "ffffffff", "0000", "0000", "00")).statementId())
        .as("id is unsigned and the warning count optional").isEqualTo(0xFFFFFFFFL);
  }

  @Test
  void executeBindingTypesWithNullAndUnsigned() {
    String wire = "17"          // COM_STMT_EXECUTE
        + "07000000"            // statement id 7
        + "00"                  // flags: no cursor
        + "01000000"            // iteration count 1
        + "02"                  // NULL bitmap (offset 0): parameter 1 is NULL
        + "01"                  // new-params-bound flag
        + "0800"                // param 0: LONGLONG, signed
        + "0600"                // param 1: NULL
        + "fd00"                // param 2: VAR_STRING
        + "0880"                // param 3: LONGLONG, unsigned (0x80)
        + "2a00000000000000"    // param 0 value: 42
        + "02" + asciiHex("ab") // param 2 value: lenenc "ab"; param 1 has no value bytes at all
        + "ffffffffffffffff";   // param 3 value: 2^64 - 1
    List<ParamType> types = List.of(new ParamType(ColumnType.LONGLONG, false), new ParamType(ColumnType.NULL, false),
        new ParamType(ColumnType.VAR_STRING, false), new ParamType(ColumnType.LONGLONG, true));
    ComStmtExecute exec = ComStmtExecute.decode(hex(wire), 4, null, i -> false);
    assertThat(exec.statementId()).isEqualTo(7);
    assertThat(exec.newParamsBound()).isTrue();
    assertThat(exec.types()).isEqualTo(types);
    assertThat(exec.values().get(0)).isEqualTo(42L);
    assertThat(exec.values().get(1)).isNull();
    assertThat((byte[]) exec.values().get(2)).isEqualTo(new byte[] {'a', 'b'});
    assertThat(exec.values().get(3)).isEqualTo(new BigInteger("18446744073709551615"));
    assertThat(toHex(encode(out -> exec.encode(out, i -> false)))).isEqualTo(wire);
  }

  @Test
  void executeReusingBoundTypesAndSkippingLongData() {
    String wire = "17" + "07000000" + "00" + "01000000" // COM_STMT_EXECUTE, id 7, no cursor, 1 iteration
        + "00"                  // NULL bitmap: nothing NULL
        + "00"                  // new-params-bound 0: the previous execute's types still apply
        + "feffffff"            // param 0 (LONG, signed): -2
        + "";                   // param 1 (BLOB) came as COM_STMT_SEND_LONG_DATA: no bytes here
    List<ParamType> previous = List.of(new ParamType(ColumnType.LONG, false), new ParamType(ColumnType.BLOB, false));
    ComStmtExecute exec = ComStmtExecute.decode(hex(wire), 2, previous, i -> i == 1);
    assertThat(exec.newParamsBound()).isFalse();
    assertThat(exec.types()).isEqualTo(previous);
    assertThat(exec.values()).containsExactly(-2L, null);
    assertThat(toHex(encode(out -> exec.encode(out, i -> i == 1)))).isEqualTo(wire);
    assertThatThrownBy(() -> ComStmtExecute.decode(hex(wire), 2, null, i -> false))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("none were bound");
  }

  @Test
  void executeWithoutParameters() {
    String wire = "17" + "ffffffff" + "00" + "01000000"; // id -1 (MariaDB: last prepared), no cursor, 1 iteration
    ComStmtExecute exec = ComStmtExecute.decode(hex(wire), 0, null, i -> false);
    assertThat(exec.statementId()).isEqualTo(ComStmtExecute.LAST_PREPARED);
    assertThat(exec.values()).isEmpty();
    assertThatThrownBy(() -> ComStmtExecute.decode(hex(wire, "00"), 0, null, i -> false))
        .as("trailing bytes").isInstanceOf(ProtocolException.class);
  }

  @Test
  void sendLongDataCloseResetAndColumnCount() {
    String longData = "18" + "03000000" + "0100" + asciiHex("chunk"); // SEND_LONG_DATA, stmt 3, param 1, bytes
    ComStmtSendLongData chunk = new ComStmtSendLongData(3, 1, "chunk".getBytes());
    assertThat(ComStmtSendLongData.decode(hex(longData))).isEqualTo(chunk);
    assertThat(toHex(encode(chunk::encode))).isEqualTo(longData);
    String close = "19" + "03000000";           // COM_STMT_CLOSE, statement 3
    assertThat(ComStmtClose.decode(hex(close))).isEqualTo(new ComStmtClose(3));
    assertThat(toHex(encode(new ComStmtClose(3)::encode))).isEqualTo(close);
    String reset = "1a" + "03000000";           // COM_STMT_RESET, statement 3
    assertThat(ComStmtReset.decode(hex(reset))).isEqualTo(new ComStmtReset(3));
    assertThat(toHex(encode(new ComStmtReset(3)::encode))).isEqualTo(reset);
    assertThatThrownBy(() -> ComStmtReset.decode(hex(close))).isInstanceOf(ProtocolException.class);
    assertThat(toHex(encode(new ColumnCount(300)::encode))).isEqualTo("fc2c01"); // lenenc 300
    assertThat(ColumnCount.decode(hex("03")).count()).isEqualTo(3);
    assertThatThrownBy(() -> ColumnCount.decode(hex("00"))).isInstanceOf(ProtocolException.class);
  }

  @Test
  void binaryRowWithNullBitmapOffsetTwo() {
    String wire = "00"          // row header
        + "08"                  // NULL bitmap, offset 2: column 1 -> bit 3 (0x08)
        + "01000000"            // column 0, LONG: 1
        + ""                    // column 1, VAR_STRING: NULL, nothing on the wire
        + "07" + "e807" + "02" + "1d" + "0d" + "0e" + "0f" // column 2 DATETIME, length 7: 2024-02-29 13:14:15
        + "ffffffffffffffff";   // column 3, BIGINT UNSIGNED: 2^64 - 1
    List<ColumnDefinition41> columns = List.of(INT, VARCHAR, DATETIME, UBIGINT);
    BinaryRow row = new BinaryRow(Arrays.asList(1L, null, new BinaryDateTime(2024, 2, 29, 13, 14, 15, 0),
        new BigInteger("18446744073709551615")));
    assertThat(toHex(encode(out -> row.encode(out, columns)))).isEqualTo(wire);
    assertThat(BinaryRow.decode(hex(wire), columns)).isEqualTo(row);
    assertThat(BinaryRow.bitmapLength(6)).isEqualTo(1);
    assertThat(BinaryRow.bitmapLength(7)).as("7 columns + 2 offset bits need a second byte").isEqualTo(2);
  }

  @Test
  void binaryRowAllNullNeverWritesZero() {
    List<ColumnDefinition41> columns = List.of(INT, INT, INT, INT, INT, INT, INT);
    String wire = "00" + "fc" + "01"; // header; bits 2..7 of byte 0 and bit 0 of byte 1 are the 7 NULL columns
    BinaryRow row = new BinaryRow(Arrays.asList(null, null, null, null, null, null, null));
    assertThat(toHex(encode(out -> row.encode(out, columns)))).isEqualTo(wire);
    assertThat(BinaryRow.decode(hex(wire), columns).values()).containsOnlyNulls();
  }

  @Test
  void integerAndFloatingValues() {
    assertValue(ColumnType.TINY, false, -1L, "ff");                 // TINY signed -1
    assertValue(ColumnType.TINY, true, 255L, "ff");                 // TINY UNSIGNED 255
    assertValue(ColumnType.SHORT, false, -2L, "feff");              // SHORT signed -2
    assertValue(ColumnType.SHORT, true, 65535L, "ffff");            // SHORT UNSIGNED max
    assertValue(ColumnType.YEAR, false, 2024L, "e807");             // YEAR as int<2>
    assertValue(ColumnType.INT24, false, -8388608L, "000080ff");    // MEDIUMINT min, sent as int<4>
    assertValue(ColumnType.LONG, true, 4294967295L, "ffffffff");    // INT UNSIGNED max
    assertValue(ColumnType.LONGLONG, false, Long.MIN_VALUE, "0000000000000080");
    assertValue(ColumnType.FLOAT, false, 1.5f, "0000c03f");         // IEEE 754 single, little-endian
    assertValue(ColumnType.DOUBLE, false, 2.5d, "0000000000000440"); // IEEE 754 double, little-endian
  }

  @Test
  void lenencValues() {
    byte[] decimal = "-12.50".getBytes();
    Object decoded = BinaryValue.decode(hex("06", asciiHex("-12.50")), ColumnType.NEWDECIMAL, false);
    assertThat((byte[]) decoded).isEqualTo(decimal);
    assertThat(toHex(encode(out -> BinaryValue.encode(out, ColumnType.NEWDECIMAL, new java.math.BigDecimal("-12.50")))))
        .isEqualTo("06" + asciiHex("-12.50"));
    for (int type : new int[] {ColumnType.JSON, ColumnType.ENUM, ColumnType.SET, ColumnType.BIT, ColumnType.BLOB,
        ColumnType.GEOMETRY, ColumnType.STRING, ColumnType.VARCHAR}) {
      assertThat((byte[]) BinaryValue.decode(hex("02", "0aff"), type, false)).isEqualTo(new byte[] {0x0a, (byte) 0xff});
    }
  }

  @Test
  void dateTimeLengths() {
    assertValue(ColumnType.DATETIME, false, new BinaryDateTime(0, 0, 0, 0, 0, 0, 0), "00");   // zero date: length 0
    assertValue(ColumnType.DATE, false, new BinaryDateTime(2024, 2, 29, 0, 0, 0, 0),
        "04" + "e807" + "02" + "1d");                                                    // length 4: date only
    assertValue(ColumnType.TIMESTAMP, false, new BinaryDateTime(1970, 1, 1, 0, 0, 1, 0),
        "07" + "b207" + "01" + "01" + "00" + "00" + "01");                               // length 7: no micros
    assertValue(ColumnType.DATETIME, false, new BinaryDateTime(2024, 2, 29, 13, 14, 15, 123),
        "0b" + "e807" + "02" + "1d" + "0d" + "0e" + "0f" + "7b000000");                  // length 11: micros 123
    assertThatThrownBy(() -> BinaryValue.decode(hex("05", "e807021d00"), ColumnType.DATETIME, false))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("length 5");
    assertThat(BinaryDateTime.parse("2024-02-29 13:14:15.000123"))
        .isEqualTo(new BinaryDateTime(2024, 2, 29, 13, 14, 15, 123));
    assertThat(BinaryDateTime.parse("0000-00-00").toString()).isEqualTo("0000-00-00 00:00:00");
  }

  @Test
  void timeLengthsNegativeAndDays() {
    assertValue(ColumnType.TIME, false, new BinaryTime(false, 0, 0, 0, 0, 0), "00");          // 00:00:00: length 0
    assertValue(ColumnType.TIME, false, new BinaryTime(true, 34, 22, 59, 59, 0),
        "08" + "01" + "22000000" + "16" + "3b" + "3b");  // length 8, negative, 34 days 22:59:59 = -838:59:59
    assertValue(ColumnType.TIME, false, new BinaryTime(false, 1, 2, 3, 4, 500_000),
        "0c" + "00" + "01000000" + "02" + "03" + "04" + "20a10700"); // length 12: 1 day 02:03:04.500000
    assertThat(BinaryTime.parse("-838:59:59")).isEqualTo(new BinaryTime(true, 34, 22, 59, 59, 0));
    assertThat(new BinaryTime(true, 34, 22, 59, 59, 0).toString()).isEqualTo("-838:59:59");
    assertThat(BinaryTime.parse("26:03:04.5").toString()).isEqualTo("26:03:04.500000");
    assertThat(BinaryTime.parse("-00:00:01.25")).isEqualTo(new BinaryTime(true, 0, 0, 0, 1, 250_000));
    assertThatThrownBy(() -> BinaryValue.decode(hex("09", "000000000000000000"), ColumnType.TIME, false))
        .isInstanceOf(ProtocolException.class);
  }

  private static void assertValue(int type, boolean unsigned, Object value, String wire) {
    assertThat(BinaryValue.decode(hex(wire), type, unsigned)).as("decode type 0x%02x", type).isEqualTo(value);
    assertThat(toHex(encode(out -> BinaryValue.encode(out, type, value)))).as("encode type 0x%02x", type)
        .isEqualTo(wire);
  }

  private static ColumnDefinition41 column(int type, int flags) {
    return new ColumnDefinition41("db", "t", "t", "c", "c", 63, 20, type, flags, 0);
  }
}
