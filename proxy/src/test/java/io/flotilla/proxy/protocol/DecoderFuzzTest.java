package io.flotilla.proxy.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Random and mutated buffers fed to every decoder may only ever produce a ProtocolException. */
class DecoderFuzzTest {
  private static final int ITERATIONS = 2_000;
  /** Bytes that mean something to the decoders (lenenc prefixes, NUL, markers), so mutations hit edge cases. */
  private static final int[] SPECIAL = {0x00, 0x0C, 0x23, 0xFA, 0xFB, 0xFC, 0xFD, 0xFE, 0xFF};

  private static final Map<String, Consumer<ByteBuf>> DECODERS = Map.ofEntries(
      Map.entry("OkPacket", OkPacket::decode),
      Map.entry("ErrPacket", ErrPacket::decode),
      Map.entry("EofPacket", EofPacket::decode),
      Map.entry("ColumnDefinition41", ColumnDefinition41::decode),
      Map.entry("TextRow(3)", b -> TextRow.decode(b, 3)),
      Map.entry("TextRow(0)", b -> TextRow.decode(b, 0)),
      Map.entry("ComQuery", ComQuery::decode),
      Map.entry("HandshakeV10", HandshakeV10::decode),
      Map.entry("HandshakeResponse41", HandshakeResponse41::decode),
      Map.entry("SslRequest", SslRequest::decode),
      Map.entry("Command", b -> Command.fromByte(Payload.readInt1(b))),
      Map.entry("PacketFramer", b -> PacketFramer.tryRead(b, 0)),
      Map.entry("lenenc string", Payload::readLenencString),
      Map.entry("NUL string", Payload::readNulString));

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void decodersOnlyThrowProtocolException() {
    Random random = new Random(20261122L); // fixed seed: a failure is reproducible
    List<byte[]> seeds = validPackets();
    int protocolErrors = 0;
    for (int i = 0; i < ITERATIONS; i++) {
      byte[] input = i % 4 == 0 ? randomBytes(random) : mutate(seeds.get(random.nextInt(seeds.size())), random);
      for (Map.Entry<String, Consumer<ByteBuf>> d : DECODERS.entrySet()) {
        try {
          d.getValue().accept(Unpooled.wrappedBuffer(input));
        } catch (ProtocolException expected) {
          protocolErrors++;
        } catch (RuntimeException | Error e) {
          fail(d.getKey() + " threw " + e + " on " + io.netty.buffer.ByteBufUtil.hexDump(input), e);
        }
      }
    }
    assertThat(protocolErrors).as("the fuzzer should actually reach error paths").isGreaterThan(ITERATIONS);
  }

  private static byte[] randomBytes(Random random) {
    byte[] b = new byte[random.nextInt(64)];
    random.nextBytes(b);
    return b;
  }

  private static byte[] mutate(byte[] seed, Random random) {
    byte[] b = seed.clone();
    int edits = 1 + random.nextInt(4);
    for (int e = 0; e < edits && b.length > 0; e++) {
      int pos = random.nextInt(b.length);
      switch (random.nextInt(4)) {
        case 0 -> b[pos] = (byte) random.nextInt(256);
        case 1 -> b[pos] = (byte) SPECIAL[random.nextInt(SPECIAL.length)];
        case 2 -> b = java.util.Arrays.copyOf(b, pos); // truncate
        default -> {
          byte[] grown = java.util.Arrays.copyOf(b, b.length + 1 + random.nextInt(8));
          for (int k = b.length; k < grown.length; k++) {
            grown[k] = (byte) SPECIAL[random.nextInt(SPECIAL.length)];
          }
          b = grown;
        }
      }
    }
    return b;
  }

  private static List<byte[]> validPackets() {
    List<byte[]> seeds = new ArrayList<>();
    byte[] seed = new byte[20];
    java.util.Arrays.fill(seed, (byte) 7);
    int caps = Capabilities.CLIENT_PROTOCOL_41 | Capabilities.CLIENT_SECURE_CONNECTION | Capabilities.CLIENT_PLUGIN_AUTH
        | Capabilities.CLIENT_CONNECT_WITH_DB | Capabilities.CLIENT_CONNECT_ATTRS
        | Capabilities.CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA;
    List<Consumer<ByteBuf>> encoders = List.of(
        OkPacket.of(3, 70_000, 2, 0, "Rows matched: 3")::encode,
        new ErrPacket(1146, "42S02", "Table 't' doesn't exist")::encode,
        new EofPacket(0, 2)::encode,
        new ColumnDefinition41("db", "t", "t", "c", "c", 33, 255, 253, 0, 0)::encode,
        TextRow.ofStrings("a", null, "ccc")::encode,
        new ComQuery("SELECT * FROM t")::encode,
        new HandshakeV10("8.0.36", 1, seed, caps, 255, 2, NativePassword.PLUGIN_NAME)::encode,
        new HandshakeResponse41(caps, 1 << 24, 45, "root", seed, "db", NativePassword.PLUGIN_NAME,
            Map.of("_os", "linux"))::encode,
        new SslRequest(caps | Capabilities.CLIENT_SSL, 1 << 24, 45)::encode,
        out -> PacketFramer.frame(Unpooled.wrappedBuffer(new byte[] {3, 'x'}), 0, out));
    for (Consumer<ByteBuf> encoder : encoders) {
      ByteBuf out = Unpooled.buffer();
      encoder.accept(out);
      byte[] bytes = new byte[out.readableBytes()];
      out.readBytes(bytes);
      seeds.add(bytes);
    }
    return seeds;
  }
}
