package io.flotilla.proxy.protocol;

import io.netty.buffer.ByteBuf;

/** COM_QUERY: 0x03 followed by the SQL text as string&lt;EOF&gt; (no query attributes). */
public record ComQuery(String sql) {
  public static ComQuery decode(ByteBuf payload) {
    Command command = Command.fromByte(Payload.readInt1(payload));
    if (command != Command.COM_QUERY) {
      throw new ProtocolException("not a COM_QUERY packet: " + command);
    }
    return new ComQuery(Payload.readEofString(payload));
  }

  public void encode(ByteBuf out) {
    Payload.writeInt1(out, Command.COM_QUERY.code());
    Payload.writeEofString(out, sql);
  }
}
