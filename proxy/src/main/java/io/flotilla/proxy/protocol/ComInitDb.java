package io.flotilla.proxy.protocol;

import io.netty.buffer.ByteBuf;

/** COM_INIT_DB: 0x02 followed by the schema name as string&lt;EOF&gt;. */
public record ComInitDb(String schema) {
  public static ComInitDb decode(ByteBuf payload) {
    expect(payload, Command.COM_INIT_DB);
    return new ComInitDb(Payload.readEofString(payload));
  }

  public void encode(ByteBuf out) {
    Payload.writeInt1(out, Command.COM_INIT_DB.code());
    Payload.writeEofString(out, schema);
  }

  static void expect(ByteBuf payload, Command command) {
    Command actual = Command.fromByte(Payload.readInt1(payload));
    if (actual != command) {
      throw new ProtocolException("not a " + command + " packet: " + actual);
    }
  }
}
