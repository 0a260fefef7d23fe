package io.flotilla.proxy.protocol;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * The server's initial Protocol::HandshakeV10 packet, carrying the auth seed ("scramble") and capabilities.
 *
 * <p>{@code authPluginData} is the whole seed (20 bytes for mysql_native_password) without the trailing NUL:
 * the wire splits it into 8 bytes + the rest, and clients NUL-terminate the second part.
 */
public record HandshakeV10(
    String serverVersion,
    int connectionId,
    byte[] authPluginData,
    int capabilities,
    int charset,
    int status,
    String authPluginName) {
  public static final int PROTOCOL_VERSION = 10;
  private static final int PART1_LENGTH = 8;
  /** Part 2 is at least 13 bytes on the wire: 12 seed bytes plus the NUL clients expect. */
  private static final int MIN_PART2_LENGTH = 13;

  public HandshakeV10 {
    if (authPluginData.length < PART1_LENGTH) {
      throw new IllegalArgumentException("auth plugin data needs at least 8 bytes");
    }
    authPluginData = authPluginData.clone();
  }

  @Override
  public byte[] authPluginData() {
    return authPluginData.clone();
  }

  public void encode(ByteBuf out) {
    Payload.writeInt1(out, PROTOCOL_VERSION);
    Payload.writeNulString(out, serverVersion);
    Payload.writeInt4(out, connectionId);
    out.writeBytes(authPluginData, 0, PART1_LENGTH);
    Payload.writeInt1(out, 0); // filler
    Payload.writeInt2(out, capabilities & 0xFFFF);
    Payload.writeInt1(out, charset);
    Payload.writeInt2(out, status);
    Payload.writeInt2(out, capabilities >>> 16);
    boolean pluginAuth = Capabilities.has(capabilities, Capabilities.CLIENT_PLUGIN_AUTH);
    // Length of the whole seed including the trailing NUL, or 0 when the client cannot use plugin auth.
    Payload.writeInt1(out, pluginAuth ? authPluginData.length + 1 : 0);
    out.writeZero(10); // reserved
    if (Capabilities.has(capabilities, Capabilities.CLIENT_SECURE_CONNECTION)) {
      int rest = authPluginData.length - PART1_LENGTH;
      out.writeBytes(authPluginData, PART1_LENGTH, rest);
      out.writeZero(Math.max(MIN_PART2_LENGTH - rest, 1)); // NUL terminator (and padding up to 13 bytes)
    }
    if (pluginAuth) {
      Payload.writeNulString(out, authPluginName);
    }
  }

  /** Decodes a handshake as a client would (the proxy is also a client of its backends). */
  public static HandshakeV10 decode(ByteBuf payload) {
    int version = Payload.readInt1(payload);
    if (version != PROTOCOL_VERSION) {
      throw new ProtocolException("unsupported handshake protocol version " + version);
    }
    String serverVersion = Payload.readNulString(payload);
    int connectionId = Payload.readInt4(payload);
    byte[] part1 = Payload.readFixBytes(payload, PART1_LENGTH);
    Payload.skip(payload, 1, "handshake filler");
    int capabilities = Payload.readInt2(payload);
    int charset = 0;
    int status = 0;
    byte[] seed = part1;
    String plugin = null;
    // Everything after the lower capability bytes is optional in the spec.
    if (payload.isReadable()) {
      charset = Payload.readInt1(payload);
      status = Payload.readInt2(payload);
      capabilities |= Payload.readInt2(payload) << 16;
      int authDataLength = Payload.readInt1(payload);
      Payload.skip(payload, 10, "handshake reserved bytes");
      if (Capabilities.has(capabilities, Capabilities.CLIENT_SECURE_CONNECTION)) {
        int part2Length = Math.max(MIN_PART2_LENGTH, authDataLength - PART1_LENGTH);
        byte[] part2 = Payload.readFixBytes(payload, part2Length);
        int end = part2.length;
        while (end > 0 && part2[end - 1] == 0) {
          end--; // trailing NUL (and padding) is not part of the seed
        }
        seed = Arrays.copyOf(part1, PART1_LENGTH + end);
        System.arraycopy(part2, 0, seed, PART1_LENGTH, end);
      }
      if (Capabilities.has(capabilities, Capabilities.CLIENT_PLUGIN_AUTH)) {
        plugin = Payload.readNulString(payload);
      }
    }
    return new HandshakeV10(serverVersion, connectionId, seed, capabilities, charset, status, plugin);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HandshakeV10 h
        && serverVersion.equals(h.serverVersion)
        && connectionId == h.connectionId
        && Arrays.equals(authPluginData, h.authPluginData)
        && capabilities == h.capabilities
        && charset == h.charset
        && status == h.status
        && java.util.Objects.equals(authPluginName, h.authPluginName);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(serverVersion, connectionId, Arrays.hashCode(authPluginData), capabilities);
  }
}
