package io.flotilla.proxy.protocol;

import io.netty.buffer.ByteBuf;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * Encodes and decodes one value of the binary protocol (COM_STMT_EXECUTE parameters, binary result rows) by type.
 *
 * <p>Java forms: integers are {@link Long} (a BIGINT UNSIGNED above Long.MAX_VALUE is a {@link BigInteger}), FLOAT is
 * {@link Float}, DOUBLE is {@link Double}, dates are {@link BinaryDateTime}, TIME is {@link BinaryTime}, and every
 * string&lt;lenenc&gt; type (strings, blobs, DECIMAL, JSON, BIT, ...) is raw {@code byte[]}, because its charset is the
 * column's business, not the codec's.
 */
public final class BinaryValue {
  private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

  private BinaryValue() {}

  /** Reads one value of {@code type}; an unknown type is a protocol error since its length cannot be known. */
  public static Object decode(ByteBuf buf, int type, boolean unsigned) {
    switch (type) {
      case ColumnType.TINY:
        Payload.need(buf, 1, "TINY value");
        return unsigned ? (long) buf.readUnsignedByte() : (long) buf.readByte();
      case ColumnType.SHORT:
      case ColumnType.YEAR:
        Payload.need(buf, 2, "SHORT value");
        return unsigned || type == ColumnType.YEAR ? (long) buf.readUnsignedShortLE() : (long) buf.readShortLE();
      case ColumnType.LONG:
      case ColumnType.INT24:
        int i = Payload.readInt4(buf);
        return unsigned ? Integer.toUnsignedLong(i) : (long) i;
      case ColumnType.LONGLONG:
        long l = Payload.readInt8(buf);
        return unsigned && l < 0 ? BigInteger.valueOf(l).add(TWO_64) : (Object) l;
      case ColumnType.FLOAT:
        return Float.intBitsToFloat(Payload.readInt4(buf));
      case ColumnType.DOUBLE:
        return Double.longBitsToDouble(Payload.readInt8(buf));
      case ColumnType.TIME:
      case BinaryTypes.TIME2:
        return BinaryTime.decode(buf);
      case ColumnType.NULL:
        return null;
      default:
        if (BinaryTypes.isDateTime(type)) {
          return BinaryDateTime.decode(buf);
        }
        if (BinaryTypes.isLenenc(type)) {
          return Payload.readLenencBytes(buf);
        }
        throw new ProtocolException(String.format("unknown binary value type 0x%02X", type));
    }
  }

  /**
   * Writes {@code value} (not null: NULL is the caller's bitmap) as {@code type}; accepted forms are those
   * {@link #decode} returns plus any {@link Number} for numeric types and String/BigDecimal for string types.
   */
  public static void encode(ByteBuf out, int type, Object value) {
    switch (type) {
      case ColumnType.TINY -> Payload.writeInt1(out, (int) integer(value));
      case ColumnType.SHORT, ColumnType.YEAR -> Payload.writeInt2(out, (int) integer(value));
      case ColumnType.LONG, ColumnType.INT24 -> Payload.writeInt4(out, (int) integer(value));
      case ColumnType.LONGLONG -> Payload.writeInt8(out, integer(value));
      case ColumnType.FLOAT -> Payload.writeInt4(out, Float.floatToIntBits(((Number) value).floatValue()));
      case ColumnType.DOUBLE -> Payload.writeInt8(out, Double.doubleToLongBits(((Number) value).doubleValue()));
      case ColumnType.TIME, BinaryTypes.TIME2 -> ((BinaryTime) value).encode(out);
      case ColumnType.NULL -> { }
      default -> {
        if (BinaryTypes.isDateTime(type)) {
          ((BinaryDateTime) value).encode(out);
        } else if (BinaryTypes.isLenenc(type)) {
          Payload.writeLenencBytes(out, bytes(value));
        } else {
          throw new IllegalArgumentException(String.format("unknown binary value type 0x%02X", type));
        }
      }
    }
  }

  /** The raw bytes of a string-typed value: byte[] as is, BigDecimal as plain text, anything else as UTF-8 text. */
  public static byte[] bytes(Object value) {
    if (value instanceof byte[] b) {
      return b;
    }
    if (value instanceof BigDecimal d) {
      return d.toPlainString().getBytes(StandardCharsets.US_ASCII);
    }
    return value.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The low 64 bits of an integer value, so a BigInteger up to 2^64-1 becomes its unsigned bit pattern. */
  private static long integer(Object value) {
    if (value instanceof Boolean b) {
      return b ? 1 : 0;
    }
    return value instanceof BigInteger b ? b.longValue() : ((Number) value).longValue();
  }
}
