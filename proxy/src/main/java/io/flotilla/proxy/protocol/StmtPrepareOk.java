package io.flotilla.proxy.protocol;

import io.netty.buffer.ByteBuf;

/**
 * COM_STMT_PREPARE_OK, the first packet of a successful prepare: 0x00, statement id, column count, parameter count,
 * a zero filler and the warning count; the parameter and column definitions follow as separate packets.
 */
public record StmtPrepareOk(long statementId, int columnCount, int paramCount, int warnings) {
  public static final int HEADER = 0x00;

  public StmtPrepareOk {
    if (statementId < 0 || statementId > 0xFFFFFFFFL || columnCount < 0 || columnCount > 0xFFFF || paramCount < 0
        || paramCount > 0xFFFF || warnings < 0 || warnings > 0xFFFF) {
      throw new IllegalArgumentException("prepare OK field out of range");
    }
  }

  public static StmtPrepareOk decode(ByteBuf payload) {
    int header = Payload.readInt1(payload);
    if (header != HEADER) {
      throw new ProtocolException(String.format("not a COM_STMT_PREPARE_OK packet: header 0x%02X", header));
    }
    long id = Integer.toUnsignedLong(Payload.readInt4(payload));
    int columns = Payload.readInt2(payload);
    int params = Payload.readInt2(payload);
    Payload.skip(payload, 1, "prepare OK filler");
    // Pre-4.1 servers ended the packet before the warning count; it is optional on read.
    int warnings = payload.isReadable() ? Payload.readInt2(payload) : 0;
    if (payload.isReadable()) {
      throw new ProtocolException(payload.readableBytes() + " bytes left after COM_STMT_PREPARE_OK");
    }
    return new StmtPrepareOk(id, columns, params, warnings);
  }

  public void encode(ByteBuf out) {
    Payload.writeInt1(out, HEADER);
    Payload.writeInt4(out, (int) statementId);
    Payload.writeInt2(out, columnCount);
    Payload.writeInt2(out, paramCount);
    Payload.writeInt1(out, 0);
    Payload.writeInt2(out, warnings);
  }
}
