package io.flotilla.proxy.protocol;

import io.netty.buffer.ByteBuf;

/**
 * The 32-byte Protocol::SSLRequest a client sends instead of a full handshake response when it wants TLS;
 * it is the same prefix as {@link HandshakeResponse41} (capabilities, max packet, charset, 23 zero bytes).
 */
public record SslRequest(int capabilities, int maxPacketSize, int charset) {
  public static final int LENGTH = 32;
  static final int FILLER = 23;

  /** True when a handshake-response payload is really an SSL request (exactly 32 bytes with CLIENT_SSL). */
  public static boolean isSslRequest(ByteBuf payload) {
    return payload.readableBytes() == LENGTH
        && Capabilities.has(payload.getIntLE(payload.readerIndex()), Capabilities.CLIENT_SSL);
  }

  public static SslRequest decode(ByteBuf payload) {
    int capabilities = Payload.readInt4(payload);
    if (!Capabilities.has(capabilities, Capabilities.CLIENT_SSL)) {
      throw new ProtocolException("SSL request without CLIENT_SSL");
    }
    int maxPacket = Payload.readInt4(payload);
    int charset = Payload.readInt1(payload);
    Payload.skip(payload, FILLER, "SSL request filler");
    return new SslRequest(capabilities, maxPacket, charset);
  }

  public void encode(ByteBuf out) {
    Payload.writeInt4(out, capabilities);
    Payload.writeInt4(out, maxPacketSize);
    Payload.writeInt1(out, charset);
    out.writeZero(FILLER);
  }
}
