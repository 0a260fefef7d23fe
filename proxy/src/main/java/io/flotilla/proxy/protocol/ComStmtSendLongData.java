package io.flotilla.proxy.protocol;

import io.netty.buffer.ByteBuf;

/**
 * COM_STMT_SEND_LONG_DATA: 0x18, statement id, parameter index (from 0) and a chunk of the parameter's value as
 * string&lt;EOF&gt;; chunks for one parameter are concatenated until the next execute. The server never answers.
 */
public record ComStmtSendLongData(long statementId, int paramId, byte[] data) {
  public ComStmtSendLongData {
    if (statementId < 0 || statementId > 0xFFFFFFFFL || paramId < 0 || paramId > 0xFFFF) {
      throw new IllegalArgumentException("statement or parameter id out of range");
    }
    data = data.clone();
  }

  public static ComStmtSendLongData decode(ByteBuf payload) {
    Command command = Command.fromByte(Payload.readInt1(payload));
    if (command != Command.COM_STMT_SEND_LONG_DATA) {
      throw new ProtocolException("not a COM_STMT_SEND_LONG_DATA packet: " + command);
    }
    long id = Integer.toUnsignedLong(Payload.readInt4(payload));
    int param = Payload.readInt2(payload);
    return new ComStmtSendLongData(id, param, Payload.readFixBytes(payload, payload.readableBytes()));
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  public void encode(ByteBuf out) {
    Payload.writeInt1(out, Command.COM_STMT_SEND_LONG_DATA.code());
    Payload.writeInt4(out, (int) statementId);
    Payload.writeInt2(out, paramId);
    out.writeBytes(data);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ComStmtSendLongData other && other.statementId == statementId && other.paramId == paramId
        && java.util.Arrays.equals(other.data, data);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(statementId, paramId, java.util.Arrays.hashCode(data));
  }

  @Override
  public String toString() {
    return "ComStmtSendLongData[statementId=" + statementId + ", paramId=" + paramId + ", " + data.length + " bytes]";
  }
}
