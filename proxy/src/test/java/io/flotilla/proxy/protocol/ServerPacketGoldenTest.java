package io.flotilla.proxy.protocol;

import static io.flotilla.proxy.protocol.Bytes.asciiHex;
import static io.flotilla.proxy.protocol.Bytes.hex;
import static io.flotilla.proxy.protocol.Bytes.toHex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The packets the proxy server adds (auth switch, auth more data, column count, INIT_DB, FIELD_LIST, SET_OPTION). */
class ServerPacketGoldenTest {

  @Test
  void authSwitchRequest() {
    String wire = "fe"                                   // header: auth switch request
        + asciiHex("mysql_native_password") + "00"       // plugin name string<NUL>
        + "0102030405060708090a0b0c0d0e0f1011121314"     // 20-byte seed
        + "00";                                          // NUL terminator clients expect after the seed
    AuthSwitchRequest r = new AuthSwitchRequest("mysql_native_password", seed());
    assertThat(toHex(encode(r::encode))).isEqualTo(wire);
    assertThat(AuthSwitchRequest.decode(hex(wire))).isEqualTo(r);
  }

  @Test
  void authMoreDataFastAuthAndPublicKey() {
    assertThat(toHex(encode(AuthMoreData.of(AuthMoreData.FAST_AUTH_SUCCESS)::encode)))
        .isEqualTo("01" + "03");                         // header 0x01, fast_auth_success
    assertThat(toHex(encode(AuthMoreData.of(AuthMoreData.PERFORM_FULL_AUTHENTICATION)::encode)))
        .isEqualTo("01" + "04");                         // header 0x01, perform_full_authentication
    String pem = "-----BEGIN PUBLIC KEY-----\n";
    String wire = "01" + asciiHex(pem);                  // header 0x01, PEM text as string<EOF>
    assertThat(AuthMoreData.decode(hex(wire))).isEqualTo(new AuthMoreData(pem.getBytes(StandardCharsets.US_ASCII)));
    assertThatThrownBy(() -> AuthMoreData.decode(hex("02"))).isInstanceOf(ProtocolException.class);
  }

  @Test
  void columnCount() {
    assertThat(toHex(encode(new ColumnCount(3)::encode))).isEqualTo("03");             // lenenc 3
    assertThat(toHex(encode(new ColumnCount(300)::encode))).isEqualTo("fc" + "2c01"); // lenenc 0xFC + int<2> 300
    assertThat(ColumnCount.decode(hex("fc2c01")).count()).isEqualTo(300);
    assertThatThrownBy(() -> ColumnCount.decode(hex("00"))).isInstanceOf(ProtocolException.class);
    assertThatThrownBy(() -> new ColumnCount(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void comInitDb() {
    String wire = "02"            // COM_INIT_DB
        + asciiHex("app");        // schema string<EOF>
    assertThat(toHex(encode(new ComInitDb("app")::encode))).isEqualTo(wire);
    assertThat(ComInitDb.decode(hex(wire))).isEqualTo(new ComInitDb("app"));
    assertThatThrownBy(() -> ComInitDb.decode(hex("03"))).isInstanceOf(ProtocolException.class);
  }

  @Test
  void comFieldList() {
    String wire = "04"            // COM_FIELD_LIST
        + asciiHex("kv") + "00"   // table string<NUL>
        + asciiHex("i%");         // wildcard string<EOF>
    assertThat(toHex(encode(new ComFieldList("kv", "i%")::encode))).isEqualTo(wire);
    assertThat(ComFieldList.decode(hex(wire))).isEqualTo(new ComFieldList("kv", "i%"));
    assertThatThrownBy(() -> ComFieldList.decode(hex("04", asciiHex("kv")))).isInstanceOf(ProtocolException.class);
  }

  @Test
  void comSetOption() {
    String wire = "1b"            // COM_SET_OPTION
        + "0100";                 // int<2> MULTI_STATEMENTS_OFF
    assertThat(toHex(encode(new ComSetOption(ComSetOption.MULTI_STATEMENTS_OFF)::encode))).isEqualTo(wire);
    assertThat(ComSetOption.decode(hex(wire)).option()).isEqualTo(1);
    assertThatThrownBy(() -> ComSetOption.decode(hex("1b01"))).isInstanceOf(ProtocolException.class);
    assertThatThrownBy(() -> ComSetOption.decode(hex("1b010000"))).isInstanceOf(ProtocolException.class);
  }

  @Test
  void cachingSha2ScrambleMatchesAnIndependentComputation() {
    // Computed with Python's hashlib: sha256(pw) XOR sha256(sha256(sha256(pw)) + seed), pw = "secret".
    byte[] pw = "secret".getBytes(StandardCharsets.UTF_8);
    String expected = "746ebe205d56a0707acb3e796e834e0dd7b1d61743b26bd5202c7a623230c7c9";
    byte[] response = CachingSha2Password.scramble(pw, seed());
    assertThat(ByteBufUtil.hexDump(response)).isEqualTo(expected);
    assertThat(ByteBufUtil.hexDump(CachingSha2Password.doubleSha256(pw)))
        .isEqualTo("3881219d087dd9c634373fd33dfa33a2cb6bfc6c520b64b8bb60ef2ceb534ae7");
    assertThat(CachingSha2Password.verify(seed(), response, CachingSha2Password.doubleSha256(pw))).isTrue();
    assertThat(CachingSha2Password.verify(seed(), response, CachingSha2Password.doubleSha256("other".getBytes())))
        .isFalse();
    response[0] ^= 1;
    assertThat(CachingSha2Password.verify(seed(), response, CachingSha2Password.doubleSha256(pw))).isFalse();
    assertThat(CachingSha2Password.verify(seed(), new byte[3], CachingSha2Password.doubleSha256(pw))).isFalse();
  }

  private static byte[] seed() {
    byte[] s = new byte[20];
    for (int i = 0; i < 20; i++) {
      s[i] = (byte) (i + 1);
    }
    return s;
  }

  private static ByteBuf encode(Consumer<ByteBuf> encoder) {
    ByteBuf out = Unpooled.buffer();
    encoder.accept(out);
    return out;
  }
}
