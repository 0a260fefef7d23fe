package io.flotilla.proxy.protocol;

import io.netty.buffer.ByteBuf;

/** COM_STMT_RESET: 0x1A and the statement id; clears long data sent for the statement and is answered by OK or ERR. */
public record ComStmtReset(long statementId) {
  public ComStmtReset {
    if (statementId < 0 || statementId > 0xFFFFFFFFL) {
      throw new IllegalArgumentException("statement id out of range: " + statementId);
    }
  }

  public static ComStmtReset decode(ByteBuf payload) {
    Command command = Command.fromByte(Payload.readInt1(payload));
    if (command != Command.COM_STMT_RESET) {
      throw new ProtocolException("not a COM_STMT_RESET packet: " + command);
    }
    long id = Integer.toUnsignedLong(Payload.readInt4(payload));
    if (payload.isReadable()) {
      throw new ProtocolException(payload.readableBytes() + " bytes left after COM_STMT_RESET");
    }
    return new ComStmtReset(id);
  }

  public void encode(ByteBuf out) {
    Payload.writeInt1(out, Command.COM_STMT_RESET.code());
    Payload.writeInt4(out, (int) statementId);
  }
}
