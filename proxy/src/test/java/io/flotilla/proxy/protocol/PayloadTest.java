package io.flotilla.proxy.protocol;

import static io.flotilla.proxy.protocol.Bytes.hex;
import static io.flotilla.proxy.protocol.Bytes.toHex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PayloadTest {
  @Test
  void fixedIntegersAreLittleEndian() {
    ByteBuf out = Unpooled.buffer();
    Payload.writeInt1(out, 0xAB);
    Payload.writeInt2(out, 0x1234);
    Payload.writeInt3(out, 0x123456);
    Payload.writeInt4(out, 0x12345678);
    Payload.writeInt6(out, 0x123456789ABCL);
    Payload.writeInt8(out, 0x123456789ABCDEF0L);
    assertThat(toHex(out)).isEqualTo(
        "ab"                   // int<1>
        + "3412"               // int<2>
        + "563412"             // int<3>
        + "78563412"           // int<4>
        + "bc9a78563412"       // int<6>
        + "f0debc9a78563412"); // int<8>
    assertThat(Payload.readInt1(out)).isEqualTo(0xAB);
    assertThat(Payload.readInt2(out)).isEqualTo(0x1234);
    assertThat(Payload.readInt3(out)).isEqualTo(0x123456);
    assertThat(Payload.readInt4(out)).isEqualTo(0x12345678);
    assertThat(Payload.readInt6(out)).isEqualTo(0x123456789ABCL);
    assertThat(Payload.readInt8(out)).isEqualTo(0x123456789ABCDEF0L);
    assertThat(out.isReadable()).isFalse();
  }

  @Test
  void unsignedValuesDoNotSignExtend() {
    assertThat(Payload.readInt1(hex("ff"))).isEqualTo(255);
    assertThat(Payload.readInt2(hex("ffff"))).isEqualTo(0xFFFF);
    assertThat(Payload.readInt3(hex("ffffff"))).isEqualTo(0xFFFFFF);
    assertThat(Payload.readInt6(hex("ffffffffffff"))).isEqualTo(0xFFFFFFFFFFFFL);
  }

  @ParameterizedTest
  @CsvSource({
    "0,                  00",
    "250,                fa",                 // largest 1-byte form
    "251,                fcfb00",             // 0xFB would mean NULL, so 251 needs the 2-byte form
    "65535,              fcffff",             // largest 2-byte form
    "65536,              fd000001",           // smallest 3-byte form
    "16777215,           fdffffff",           // largest 3-byte form
    "16777216,           fe0000000100000000", // smallest 8-byte form
  })
  void lenencBoundaries(long value, String wire) {
    ByteBuf out = Unpooled.buffer();
    Payload.writeLenencInt(out, value);
    assertThat(toHex(out)).isEqualTo(wire);
    assertThat(Payload.readLenencInt(out)).isEqualTo(value);
    assertThat(out.isReadable()).isFalse();
  }

  @Test
  void nullAndErrMarkersAreNotLengths() {
    assertThatThrownBy(() -> Payload.readLenencInt(hex("fb")))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("0xFB");
    assertThatThrownBy(() -> Payload.readLenencInt(hex("ff")))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("0xFF");
    assertThat(Payload.peekNull(hex("fb"))).isTrue();
    assertThat(Payload.peekNull(hex("00"))).isFalse();
  }

  @Test
  void truncatedLenencIntIsAProtocolError() {
    assertThatThrownBy(() -> Payload.readLenencInt(hex("fc", "01")))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("truncated");
    assertThatThrownBy(() -> Payload.readLenencInt(hex("fe", "01020304")))
        .isInstanceOf(ProtocolException.class);
    assertThatThrownBy(() -> Payload.readLenencInt(Unpooled.EMPTY_BUFFER))
        .isInstanceOf(ProtocolException.class);
  }

  @Test
  void strings() {
    ByteBuf out = Unpooled.buffer();
    Payload.writeLenencString(out, "héllo");
    Payload.writeNulString(out, "abc");
    Payload.writeFixString(out, "HY000", 5);
    Payload.writeEofString(out, "rest");
    assertThat(toHex(out)).isEqualTo(
        "06" + "68c3a96c6c6f" // string<lenenc>: length 6 (é is 2 UTF-8 bytes), "héllo"
        + "616263" + "00"     // string<NUL>: "abc", terminator
        + "4859303030"        // string<fix> 5: "HY000"
        + "72657374");        // string<EOF>: "rest"
    assertThat(Payload.readLenencString(out)).isEqualTo("héllo");
    assertThat(Payload.readNulString(out)).isEqualTo("abc");
    assertThat(Payload.readFixString(out, 5)).isEqualTo("HY000");
    assertThat(Payload.readEofString(out)).isEqualTo("rest");
  }

  @Test
  void malformedStringsAreProtocolErrors() {
    // string<lenenc> claiming 5 bytes with only 2 present
    assertThatThrownBy(() -> Payload.readLenencString(hex("05", "6162")))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("exceeds");
    // 8-byte length with the top bit set (would be negative as a long)
    assertThatThrownBy(() -> Payload.readLenencString(hex("fe", "ffffffffffffffff")))
        .isInstanceOf(ProtocolException.class);
    // 8-byte length just over Integer.MAX_VALUE
    assertThatThrownBy(() -> Payload.readLenencString(hex("fe", "0000008000000000")))
        .isInstanceOf(ProtocolException.class);
    assertThatThrownBy(() -> Payload.readNulString(hex("616263")))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("0x00");
    assertThatThrownBy(() -> Payload.readFixString(hex("6162"), 3))
        .isInstanceOf(ProtocolException.class);
  }
}
