package io.flotilla.proxy.protocol;

import io.netty.buffer.ByteBuf;

/** The first packet of a result set (text or binary): the number of columns as a lone int&lt;lenenc&gt;. */
public record ColumnCount(long count) {
  public ColumnCount {
    if (count <= 0) {
      throw new IllegalArgumentException("a result set has at least one column");
    }
  }

  public static ColumnCount decode(ByteBuf payload) {
    long count = Payload.readLenencInt(payload);
    if (count <= 0 || payload.isReadable()) {
      throw new ProtocolException("not a column-count packet");
    }
    return new ColumnCount(count);
  }

  public void encode(ByteBuf out) {
    Payload.writeLenencInt(out, count);
  }
}
