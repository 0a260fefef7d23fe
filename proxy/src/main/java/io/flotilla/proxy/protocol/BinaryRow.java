package io.flotilla.proxy.protocol;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A row of a binary-protocol result set: header 0x00, a NULL bitmap with an offset of 2 bits, then each non-NULL
 * value in the binary form of its column's type (see {@link BinaryValue}); SQL NULL is only ever the bitmap bit.
 */
public record BinaryRow(List<Object> values) {
  public static final int HEADER = 0x00;
  /** The first two bits of a result row's NULL bitmap are reserved (historically for the OK/EOF header). */
  private static final int BITMAP_OFFSET = 2;

  public BinaryRow {
    values = Collections.unmodifiableList(new ArrayList<>(values));
  }

  /** Bytes of the NULL bitmap for a row of {@code columnCount} columns. */
  public static int bitmapLength(int columnCount) {
    return (columnCount + 7 + BITMAP_OFFSET) / 8;
  }

  /** Decodes a row whose column types and UNSIGNED flags come from {@code columns}; leftover bytes are an error. */
  public static BinaryRow decode(ByteBuf payload, List<ColumnDefinition41> columns) {
    int header = Payload.readInt1(payload);
    if (header != HEADER) {
      throw new ProtocolException(String.format("not a binary row: header 0x%02X", header));
    }
    int n = columns.size();
    byte[] nulls = Payload.readFixBytes(payload, bitmapLength(n));
    List<Object> values = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int bit = i + BITMAP_OFFSET;
      if ((nulls[bit >> 3] & (1 << (bit & 7))) != 0) {
        values.add(null);
      } else {
        ColumnDefinition41 c = columns.get(i);
        values.add(BinaryValue.decode(payload, c.type(), (c.flags() & ColumnType.FLAG_UNSIGNED) != 0));
      }
    }
    if (payload.isReadable()) {
      throw new ProtocolException(payload.readableBytes() + " bytes left after " + n + " row values");
    }
    return new BinaryRow(values);
  }

  /** Encodes the row; each value must have the Java form {@link BinaryValue#encode} accepts for its column type. */
  public void encode(ByteBuf out, List<ColumnDefinition41> columns) {
    encode(out, columns, values);
  }

  /** Encodes {@code values} as a row without building a record first (the hot path of a result set). */
  public static void encode(ByteBuf out, List<ColumnDefinition41> columns, List<?> values) {
    int n = columns.size();
    if (values.size() != n) {
      throw new IllegalArgumentException(values.size() + " values for " + n + " columns");
    }
    Payload.writeInt1(out, HEADER);
    byte[] nulls = new byte[bitmapLength(n)];
    for (int i = 0; i < n; i++) {
      if (values.get(i) == null) {
        int bit = i + BITMAP_OFFSET;
        nulls[bit >> 3] |= (byte) (1 << (bit & 7));
      }
    }
    out.writeBytes(nulls);
    for (int i = 0; i < n; i++) {
      Object v = values.get(i);
      if (v != null) {
        BinaryValue.encode(out, columns.get(i).type(), v);
      }
    }
  }

  /** A string-typed value as UTF-8 text, or null for SQL NULL (a test and logging convenience). */
  public String string(int column) {
    Object v = values.get(column);
    return v == null ? null : v instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : v.toString();
  }
}
