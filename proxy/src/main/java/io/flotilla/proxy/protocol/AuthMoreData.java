package io.flotilla.proxy.protocol;

import io.netty.buffer.ByteBuf;

/**
 * Protocol::AuthMoreData (0x01 + plugin data): an extra auth round trip; caching_sha2_password uses it for the fast
 * auth result (0x03 success, 0x04 perform full authentication) and for the server's RSA public key (PEM).
 */
public record AuthMoreData(byte[] data) {
  public static final int HEADER = 0x01;
  /** caching_sha2_password: the scramble matched the cached hash. */
  public static final int FAST_AUTH_SUCCESS = 0x03;
  /** caching_sha2_password: no cached hash; the client must send the password over TLS or RSA-encrypted. */
  public static final int PERFORM_FULL_AUTHENTICATION = 0x04;

  public AuthMoreData {
    data = data.clone();
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  public static AuthMoreData of(int singleByte) {
    return new AuthMoreData(new byte[] {(byte) singleByte});
  }

  public static AuthMoreData decode(ByteBuf payload) {
    int header = Payload.readInt1(payload);
    if (header != HEADER) {
      throw new ProtocolException(String.format("not an auth-more-data packet: header 0x%02X", header));
    }
    return new AuthMoreData(Payload.readFixBytes(payload, payload.readableBytes()));
  }

  public void encode(ByteBuf out) {
    Payload.writeInt1(out, HEADER);
    out.writeBytes(data);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AuthMoreData m && java.util.Arrays.equals(data, m.data);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(data);
  }
}
