package io.flotilla.proxy.protocol;

import static io.flotilla.proxy.protocol.Bytes.asciiHex;
import static io.flotilla.proxy.protocol.Bytes.hex;
import static io.flotilla.proxy.protocol.Bytes.toHex;
import static io.flotilla.proxy.protocol.Capabilities.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Connection-phase packets against hand-written wire bytes. */
class HandshakeTest {
  private static final byte[] SEED = new byte[20];

  static {
    for (int i = 0; i < SEED.length; i++) {
      SEED[i] = (byte) (i + 1); // 0x01..0x14, never 0x00 like a real scramble
    }
  }

  @Test
  void handshakeV10Encode() {
    int caps = CLIENT_LONG_PASSWORD | CLIENT_CONNECT_WITH_DB | CLIENT_PROTOCOL_41 | CLIENT_TRANSACTIONS
        | CLIENT_SECURE_CONNECTION | CLIENT_PLUGIN_AUTH | CLIENT_DEPRECATE_EOF; // 0x010AA209
    HandshakeV10 hs = new HandshakeV10("8.0.36", 42, SEED, caps, 0xFF, SERVER_STATUS_AUTOCOMMIT, "mysql_native_password");
    String wire = "0a"                            // protocol version 10
        + asciiHex("8.0.36") + "00"               // server version, NUL-terminated
        + "2a000000"                              // connection id 42
        + "0102030405060708"                      // auth-plugin-data part 1 (8 bytes)
        + "00"                                    // filler
        + "09a2"                                  // capability flags, lower 2 bytes
        + "ff"                                    // charset 255 (utf8mb4_0900_ai_ci)
        + "0200"                                  // status AUTOCOMMIT
        + "0801"                                  // capability flags, upper 2 bytes
        + "15"                                    // auth-plugin-data length 21 (20 + NUL)
        + "00000000000000000000"                  // 10 reserved bytes
        + "090a0b0c0d0e0f1011121314" + "00"       // part 2: 12 seed bytes + NUL = 13 bytes
        + asciiHex("mysql_native_password") + "00"; // auth plugin name
    ByteBuf out = PacketGoldenTest.encode(hs::encode);
    assertThat(toHex(out)).isEqualTo(wire);
    assertThat(HandshakeV10.decode(out)).isEqualTo(hs);
  }

  @Test
  void handshakeResponse41DecodeWithLenencAuthDbPluginAndAttrs() {
    byte[] auth = NativePassword.scramble("secret".getBytes(), SEED);
    String wire = "09823800"                      // caps: LONG_PASSWORD|CONNECT_WITH_DB|PROTOCOL_41|SECURE_CONNECTION
                                                  //       |PLUGIN_AUTH|CONNECT_ATTRS|PLUGIN_AUTH_LENENC_CLIENT_DATA
        + "00000001"                              // max packet size 16 MiB
        + "2d"                                    // charset 45 (utf8mb4_general_ci)
        + "0000000000000000000000000000000000000000000000" // 23 filler bytes
        + asciiHex("root") + "00"                 // username, NUL-terminated
        + "14" + toHex(io.netty.buffer.Unpooled.wrappedBuffer(auth)) // auth response: lenenc 20 + bytes
        + asciiHex("shop") + "00"                 // database (CONNECT_WITH_DB)
        + asciiHex("mysql_native_password") + "00" // auth plugin name (PLUGIN_AUTH)
        + "16"                                    // connect attrs total length 22
        + "0c" + asciiHex("_client_name")         // key
        + "08" + asciiHex("flotilla");            // value
    HandshakeResponse41 r = HandshakeResponse41.decode(hex(wire));
    assertThat(r.capabilities()).isEqualTo(0x00388209);
    assertThat(r.maxPacketSize()).isEqualTo(16 * 1024 * 1024);
    assertThat(r.charset()).isEqualTo(45);
    assertThat(r.username()).isEqualTo("root");
    assertThat(r.authResponse()).isEqualTo(auth);
    assertThat(r.database()).isEqualTo("shop");
    assertThat(r.authPluginName()).isEqualTo("mysql_native_password");
    assertThat(r.connectAttributes()).containsExactly(Map.entry("_client_name", "flotilla"));
    assertThat(toHex(PacketGoldenTest.encode(r::encode))).isEqualTo(wire);
    assertThat(HandshakeResponse41.decode(hex(wire))).isEqualTo(r);
    assertThat(NativePassword.verify(SEED, r.authResponse(), NativePassword.doubleSha1("secret".getBytes()))).isTrue();
  }

  @Test
  void handshakeResponse41DecodeWithInt1AuthAndNoDatabase() {
    String wire = "00820000"                      // caps: PROTOCOL_41 | SECURE_CONNECTION
        + "ffffff00"                              // max packet size 0xFFFFFF
        + "21"                                    // charset 33 (utf8_general_ci)
        + "0000000000000000000000000000000000000000000000" // 23 filler bytes
        + asciiHex("app") + "00"                  // username
        + "00";                                   // auth response: int<1> length 0 (empty password)
    HandshakeResponse41 r = HandshakeResponse41.decode(hex(wire));
    assertThat(r.username()).isEqualTo("app");
    assertThat(r.authResponse()).isEmpty();
    assertThat(r.database()).isNull();
    assertThat(r.authPluginName()).isNull();
    assertThat(r.connectAttributes()).isEmpty();
  }

  @Test
  void handshakeResponseWithoutProtocol41IsRejected() {
    assertThatThrownBy(() -> HandshakeResponse41.decode(hex("0100", "0000", "ffffff00")))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("PROTOCOL_41");
  }

  @Test
  void sslRequest() {
    String wire = "008a0000"                      // caps: PROTOCOL_41 | SSL | SECURE_CONNECTION
        + "00000001"                              // max packet size 16 MiB
        + "ff"                                    // charset 255
        + "0000000000000000000000000000000000000000000000"; // 23 filler bytes
    assertThat(SslRequest.isSslRequest(hex(wire))).isTrue();
    SslRequest req = SslRequest.decode(hex(wire));
    assertThat(req).isEqualTo(new SslRequest(CLIENT_PROTOCOL_41 | CLIENT_SSL | CLIENT_SECURE_CONNECTION, 1 << 24, 0xFF));
    assertThat(toHex(PacketGoldenTest.encode(req::encode))).isEqualTo(wire);
  }
}
