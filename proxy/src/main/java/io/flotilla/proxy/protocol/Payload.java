package io.flotilla.proxy.protocol;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Reads and writes the MySQL basic data types (int&lt;n&gt;, int&lt;lenenc&gt;, string&lt;…&gt;) on a packet payload.
 *
 * <p>Every reader checks the remaining bytes first and throws {@link ProtocolException}, so a truncated or
 * hostile packet can never surface as an IndexOutOfBoundsException from Netty.
 */
public final class Payload {
  /** First byte of an int&lt;lenenc&gt; meaning SQL NULL in a text row; never a valid length elsewhere. */
  public static final int LENENC_NULL = 0xFB;

  private Payload() {}

  // ---- fixed-length integers (all little-endian on the wire) ----

  public static int readInt1(ByteBuf buf) {
    need(buf, 1, "int<1>");
    return buf.readUnsignedByte();
  }

  public static int readInt2(ByteBuf buf) {
    need(buf, 2, "int<2>");
    return buf.readUnsignedShortLE();
  }

  public static int readInt3(ByteBuf buf) {
    need(buf, 3, "int<3>");
    return buf.readUnsignedMediumLE();
  }

  /** Returns the raw 32 bits; callers wanting the unsigned value use {@link Integer#toUnsignedLong}. */
  public static int readInt4(ByteBuf buf) {
    need(buf, 4, "int<4>");
    return buf.readIntLE();
  }

  public static long readInt6(ByteBuf buf) {
    need(buf, 6, "int<6>");
    long low = buf.readUnsignedIntLE();
    long high = buf.readUnsignedShortLE();
    return low | (high << 32);
  }

  /** Returns the raw 64 bits; values above Long.MAX_VALUE come back negative. */
  public static long readInt8(ByteBuf buf) {
    need(buf, 8, "int<8>");
    return buf.readLongLE();
  }

  public static void writeInt1(ByteBuf out, int v) {
    out.writeByte(v);
  }

  public static void writeInt2(ByteBuf out, int v) {
    out.writeShortLE(v);
  }

  public static void writeInt3(ByteBuf out, int v) {
    out.writeMediumLE(v);
  }

  public static void writeInt4(ByteBuf out, int v) {
    out.writeIntLE(v);
  }

  public static void writeInt6(ByteBuf out, long v) {
    out.writeIntLE((int) v);
    out.writeShortLE((int) (v >>> 32));
  }

  public static void writeInt8(ByteBuf out, long v) {
    out.writeLongLE(v);
  }

  // ---- length-encoded integers ----

  /** Reads an int&lt;lenenc&gt;; 0xFB (NULL) and 0xFF (ERR marker) are errors because no length may be NULL here. */
  public static long readLenencInt(ByteBuf buf) {
    int first = readInt1(buf);
    if (first < 0xFB) {
      return first;
    }
    switch (first) {
      case 0xFC:
        return readInt2(buf);
      case 0xFD:
        return readInt3(buf);
      case 0xFE:
        return readInt8(buf);
      default:
        throw new ProtocolException(String.format("invalid int<lenenc> prefix 0x%02X", first));
    }
  }

  /** True when the next byte is the 0xFB NULL marker; does not consume it. */
  public static boolean peekNull(ByteBuf buf) {
    need(buf, 1, "int<lenenc>");
    return buf.getUnsignedByte(buf.readerIndex()) == LENENC_NULL;
  }

  /** Writes the shortest int&lt;lenenc&gt; form; {@code v} is treated as unsigned. */
  public static void writeLenencInt(ByteBuf out, long v) {
    if (v >= 0 && v < 0xFB) {
      out.writeByte((int) v);
    } else if (v >= 0 && v <= 0xFFFF) {
      out.writeByte(0xFC);
      out.writeShortLE((int) v);
    } else if (v >= 0 && v <= 0xFFFFFF) {
      out.writeByte(0xFD);
      out.writeMediumLE((int) v);
    } else {
      out.writeByte(0xFE);
      out.writeLongLE(v);
    }
  }

  // ---- strings (UTF-8) ----

  public static byte[] readLenencBytes(ByteBuf buf) {
    long len = readLenencInt(buf);
    if (len < 0 || len > buf.readableBytes()) {
      throw new ProtocolException("string<lenenc> length " + Long.toUnsignedString(len)
          + " exceeds the " + buf.readableBytes() + " bytes left in the packet");
    }
    return readFixBytes(buf, (int) len);
  }

  public static String readLenencString(ByteBuf buf) {
    return utf8(readLenencBytes(buf));
  }

  public static void writeLenencBytes(ByteBuf out, byte[] v) {
    writeLenencInt(out, v.length);
    out.writeBytes(v);
  }

  public static void writeLenencString(ByteBuf out, String v) {
    writeLenencBytes(out, v.getBytes(StandardCharsets.UTF_8));
  }

  /** Reads up to (and consumes) the terminating 0x00; a missing terminator is an error. */
  public static String readNulString(ByteBuf buf) {
    int end = buf.indexOf(buf.readerIndex(), buf.writerIndex(), (byte) 0);
    if (end < 0) {
      throw new ProtocolException("string<NUL> has no terminating 0x00");
    }
    String s = buf.toString(buf.readerIndex(), end - buf.readerIndex(), StandardCharsets.UTF_8);
    buf.readerIndex(end + 1);
    return s;
  }

  public static void writeNulString(ByteBuf out, String v) {
    out.writeBytes(v.getBytes(StandardCharsets.UTF_8));
    out.writeByte(0);
  }

  /** Reads the rest of the payload. */
  public static String readEofString(ByteBuf buf) {
    return utf8(readFixBytes(buf, buf.readableBytes()));
  }

  public static void writeEofString(ByteBuf out, String v) {
    out.writeBytes(v.getBytes(StandardCharsets.UTF_8));
  }

  public static byte[] readFixBytes(ByteBuf buf, int len) {
    need(buf, len, "string<fix> of " + len + " bytes");
    byte[] b = new byte[len];
    buf.readBytes(b);
    return b;
  }

  public static String readFixString(ByteBuf buf, int len) {
    return utf8(readFixBytes(buf, len));
  }

  /** Writes exactly {@code len} bytes; a value of another length is a caller bug. */
  public static void writeFixString(ByteBuf out, String v, int len) {
    byte[] b = v.getBytes(StandardCharsets.UTF_8);
    if (b.length != len) {
      throw new IllegalArgumentException("string<fix> needs " + len + " bytes, got " + b.length);
    }
    out.writeBytes(b);
  }

  /** Skips {@code n} bytes (fillers), failing if they are not there. */
  public static void skip(ByteBuf buf, int n, String what) {
    need(buf, n, what);
    buf.skipBytes(n);
  }

  /** Fails unless {@code n} more bytes are readable; {@code what} names the field in the message. */
  public static void need(ByteBuf buf, int n, String what) {
    if (n < 0 || buf.readableBytes() < n) {
      throw new ProtocolException("truncated packet: " + what + " needs " + n + " bytes, "
          + buf.readableBytes() + " left");
    }
  }

  private static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
