package io.flotilla.proxy.protocol;

import io.netty.buffer.ByteBuf;

/** COM_STMT_PREPARE: 0x16 followed by the statement's SQL text (with ? placeholders) as string&lt;EOF&gt;. */
public record ComStmtPrepare(String sql) {
  public static ComStmtPrepare decode(ByteBuf payload) {
    Command command = Command.fromByte(Payload.readInt1(payload));
    if (command != Command.COM_STMT_PREPARE) {
      throw new ProtocolException("not a COM_STMT_PREPARE packet: " + command);
    }
    return new ComStmtPrepare(Payload.readEofString(payload));
  }

  public void encode(ByteBuf out) {
    Payload.writeInt1(out, Command.COM_STMT_PREPARE.code());
    Payload.writeEofString(out, sql);
  }
}
