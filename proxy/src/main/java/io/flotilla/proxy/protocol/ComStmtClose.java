package io.flotilla.proxy.protocol;

import io.netty.buffer.ByteBuf;

/** COM_STMT_CLOSE: 0x19 and the statement id; the server sends no response at all. */
public record ComStmtClose(long statementId) {
  public ComStmtClose {
    if (statementId < 0 || statementId > 0xFFFFFFFFL) {
      throw new IllegalArgumentException("statement id out of range: " + statementId);
    }
  }

  public static ComStmtClose decode(ByteBuf payload) {
    Command command = Command.fromByte(Payload.readInt1(payload));
    if (command != Command.COM_STMT_CLOSE) {
      throw new ProtocolException("not a COM_STMT_CLOSE packet: " + command);
    }
    long id = Integer.toUnsignedLong(Payload.readInt4(payload));
    if (payload.isReadable()) {
      throw new ProtocolException(payload.readableBytes() + " bytes left after COM_STMT_CLOSE");
    }
    return new ComStmtClose(id);
  }

  public void encode(ByteBuf out) {
    Payload.writeInt1(out, Command.COM_STMT_CLOSE.code());
    Payload.writeInt4(out, (int) statementId);
  }
}
