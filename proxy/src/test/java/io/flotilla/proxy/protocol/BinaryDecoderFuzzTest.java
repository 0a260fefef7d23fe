package io.flotilla.proxy.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Random and mutated buffers fed to every binary-protocol decoder may only ever produce a ProtocolException. */
class BinaryDecoderFuzzTest {
  private static final int ITERATIONS = 3_000;
  private static final int[] SPECIAL = {0x00, 0x01, 0x04, 0x07, 0x08, 0x0B, 0x0C, 0x80, 0xFB, 0xFC, 0xFD, 0xFE, 0xFF};
  private static final List<ColumnDefinition41> COLUMNS = List.of(column(ColumnType.LONGLONG, ColumnType.FLAG_UNSIGNED),
      column(ColumnType.VAR_STRING, 0), column(ColumnType.DATETIME, 0), column(ColumnType.TIME, 0),
      column(ColumnType.DOUBLE, 0), column(ColumnType.TINY, 0), column(ColumnType.NEWDECIMAL, 0));
  private static final List<ParamType> TYPES = List.of(new ParamType(ColumnType.LONG, false),
      new ParamType(ColumnType.BLOB, false), new ParamType(ColumnType.TIMESTAMP, false));

  private static final Map<String, Consumer<ByteBuf>> DECODERS = Map.ofEntries(
      Map.entry("ComStmtPrepare", ComStmtPrepare::decode),
      Map.entry("StmtPrepareOk", StmtPrepareOk::decode),
      Map.entry("ComStmtExecute(0)", b -> ComStmtExecute.decode(b, 0, null, i -> false)),
      Map.entry("ComStmtExecute(3, no types)", b -> ComStmtExecute.decode(b, 3, null, i -> false)),
      Map.entry("ComStmtExecute(3, bound, long data)", b -> ComStmtExecute.decode(b, 3, TYPES, i -> i == 1)),
      Map.entry("ComStmtExecute(20)", b -> ComStmtExecute.decode(b, 20, null, i -> false)),
      Map.entry("ComStmtSendLongData", ComStmtSendLongData::decode),
      Map.entry("ComStmtClose", ComStmtClose::decode),
      Map.entry("ComStmtReset", ComStmtReset::decode),
      Map.entry("BinaryRow", b -> BinaryRow.decode(b, COLUMNS)),
      Map.entry("BinaryDateTime", BinaryDateTime::decode),
      Map.entry("BinaryTime", BinaryTime::decode),
      Map.entry("BinaryValue(any type)", b -> {
        int type = b.isReadable() ? b.readUnsignedByte() : 0;
        BinaryValue.decode(b, type, (type & 1) == 0);
      }));

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void decodersOnlyThrowProtocolException() {
    Random random = new Random(20261122L); // fixed seed: a failure is reproducible
    List<byte[]> seeds = validPackets();
    int protocolErrors = 0;
    int decoded = 0;
    for (int i = 0; i < ITERATIONS; i++) {
      byte[] input = i % 4 == 0 ? randomBytes(random) : mutate(seeds.get(random.nextInt(seeds.size())), random);
      for (Map.Entry<String, Consumer<ByteBuf>> d : DECODERS.entrySet()) {
        try {
          d.getValue().accept(Unpooled.wrappedBuffer(input));
          decoded++;
        } catch (ProtocolException expected) {
          protocolErrors++;
        } catch (RuntimeException | Error e) {
          fail(d.getKey() + " threw " + e + " on " + ByteBufUtil.hexDump(input), e);
        }
      }
    }
    assertThat(protocolErrors).as("the fuzzer should actually reach error paths").isGreaterThan(ITERATIONS);
    assertThat(decoded).as("and mutated packets should sometimes still decode").isGreaterThan(ITERATIONS / 10);
  }

  private static byte[] randomBytes(Random random) {
    byte[] b = new byte[random.nextInt(64)];
    random.nextBytes(b);
    return b;
  }

  private static byte[] mutate(byte[] seed, Random random) {
    byte[] b = seed.clone();
    int edits = 1 + random.nextInt(3);
    for (int e = 0; e < edits && b.length > 0; e++) {
      int pos = random.nextInt(b.length);
      switch (random.nextInt(5)) {
        case 0 -> b[pos] = (byte) random.nextInt(256);
        case 1 -> b[pos] = (byte) SPECIAL[random.nextInt(SPECIAL.length)];
        case 2 -> b = Arrays.copyOf(b, pos); // truncate
        case 3 -> { } // keep: valid packets must decode
        default -> {
          byte[] grown = Arrays.copyOf(b, b.length + 1 + random.nextInt(8));
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
    List<Object> execValues = Arrays.asList(-7L, null, new BinaryDateTime(2024, 1, 2, 3, 4, 5, 6));
    List<Object> rowValues = Arrays.asList(new BigInteger("18446744073709551615"), "x".getBytes(),
        new BinaryDateTime(2024, 1, 2, 3, 4, 5, 0), new BinaryTime(true, 1, 2, 3, 4, 5), 1.25d, null,
        "1.50".getBytes());
    List<Consumer<ByteBuf>> encoders = List.of(
        new ComStmtPrepare("SELECT ? FROM t WHERE id = ?")::encode,
        new StmtPrepareOk(5, 2, 3, 0)::encode,
        out -> new ComStmtExecute(5, 0, 1, true, TYPES, execValues).encode(out, i -> false),
        out -> new ComStmtExecute(5, 0, 1, false, TYPES, execValues).encode(out, i -> i == 1),
        out -> new ComStmtExecute(5, 0, 1, false, List.of(), List.of()).encode(out, i -> false),
        new ComStmtSendLongData(5, 1, new byte[] {1, 2, 3})::encode,
        new ComStmtClose(5)::encode,
        new ComStmtReset(5)::encode,
        out -> new BinaryRow(rowValues).encode(out, COLUMNS),
        new BinaryDateTime(2024, 2, 29, 1, 2, 3, 4)::encode,
        new BinaryTime(false, 0, 1, 2, 3, 0)::encode);
    List<byte[]> seeds = new ArrayList<>();
    for (Consumer<ByteBuf> encoder : encoders) {
      ByteBuf out = Unpooled.buffer();
      encoder.accept(out);
      seeds.add(ByteBufUtil.getBytes(out));
    }
    return seeds;
  }

  private static ColumnDefinition41 column(int type, int flags) {
    return new ColumnDefinition41("db", "t", "t", "c", "c", 63, 20, type, flags, 0);
  }
}
