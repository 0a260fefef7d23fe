package io.flotilla.proxy.protocol;

import io.netty.buffer.ByteBuf;

/** The legacy EOF packet (0xFE, warnings, status) that ends column definitions and rows without CLIENT_DEPRECATE_EOF. */
public record EofPacket(int warnings, int status) {
  public static final int HEADER = 0xFE;
  /** An 0xFE packet of this size or more is an OK or a row, not an EOF; callers use it to tell them apart. */
  public static final int MAX_PAYLOAD = 8;

  public static EofPacket decode(ByteBuf payload) {
    if (payload.readableBytes() > MAX_PAYLOAD) {
      throw new ProtocolException("EOF packet too long: " + payload.readableBytes() + " bytes");
    }
    int header = Payload.readInt1(payload);
    if (header != HEADER) {
      throw new ProtocolException(String.format("not an EOF packet: header 0x%02X", header));
    }
    int warnings = Payload.readInt2(payload);
    int status = Payload.readInt2(payload);
    return new EofPacket(warnings, status);
  }

  public void encode(ByteBuf out) {
    Payload.writeInt1(out, HEADER);
    Payload.writeInt2(out, warnings);
    Payload.writeInt2(out, status);
  }
}
