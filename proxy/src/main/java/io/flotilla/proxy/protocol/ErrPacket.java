package io.flotilla.proxy.protocol;

import io.netty.buffer.ByteBuf;

/** The ERR packet: 0xFF, error code, '#' + five-character SQLSTATE, human-readable message. */
public record ErrPacket(int errorCode, String sqlState, String message) {
  public static final int HEADER = 0xFF;
  /** SQLSTATE reported when the server sent none (pre-4.1 style ERR). */
  public static final String GENERAL_ERROR_STATE = "HY000";

  public ErrPacket {
    if (sqlState == null || sqlState.length() != 5 || !sqlState.chars().allMatch(c -> c < 0x80)) {
      throw new IllegalArgumentException("SQLSTATE must be 5 ASCII characters: " + sqlState);
    }
    message = message == null ? "" : message;
  }

  public static ErrPacket decode(ByteBuf payload) {
    int header = Payload.readInt1(payload);
    if (header != HEADER) {
      throw new ProtocolException(String.format("not an ERR packet: header 0x%02X", header));
    }
    int code = Payload.readInt2(payload);
    String state = GENERAL_ERROR_STATE;
    // The '#' marker is only there under CLIENT_PROTOCOL_41; without it the message starts right away.
    if (payload.isReadable() && payload.getByte(payload.readerIndex()) == '#') {
      payload.skipBytes(1);
      byte[] raw = Payload.readFixBytes(payload, 5);
      for (byte b : raw) {
        if (b < 0) {
          throw new ProtocolException("SQLSTATE is not ASCII");
        }
      }
      state = new String(raw, java.nio.charset.StandardCharsets.US_ASCII);
    }
    return new ErrPacket(code, state, Payload.readEofString(payload));
  }

  public void encode(ByteBuf out) {
    Payload.writeInt1(out, HEADER);
    Payload.writeInt2(out, errorCode);
    Payload.writeInt1(out, '#');
    Payload.writeFixString(out, sqlState, 5);
    Payload.writeEofString(out, message);
  }
}
