package io.flotilla.proxy.protocol;

import io.netty.buffer.ByteBuf;

/** The first packet of a result set: the number of columns as an int&lt;lenenc&gt; (never 0: that would be an OK). */
public record ColumnCount(long count) {
  public ColumnCount {
    if (count < 1) {
      throw new IllegalArgumentException("a result set has at least one column");
    }
  }

  public static ColumnCount decode(ByteBuf payload) {
    long n = Payload.readLenencInt(payload);
    if (n < 1 || payload.isReadable()) {
      throw new ProtocolException("not a column-count packet");
    }
    return new ColumnCount(n);
  }

  public void encode(ByteBuf out) {
    Payload.writeLenencInt(out, count);
  }
}
