package io.flotilla.proxy.protocol;

import io.netty.buffer.ByteBuf;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The client's Protocol::HandshakeResponse41: capabilities, user, auth response, optional database, auth plugin
 * and connection attributes; which optional fields are present depends on the client's capability flags.
 */
public record HandshakeResponse41(
    int capabilities,
    int maxPacketSize,
    int charset,
    String username,
    byte[] authResponse,
    String database,
    String authPluginName,
    Map<String, String> connectAttributes) {
  public HandshakeResponse41 {
    authResponse = authResponse.clone();
    // LinkedHashMap keeps the client's attribute order so a re-encode is byte-identical.
    connectAttributes = Collections.unmodifiableMap(new LinkedHashMap<>(connectAttributes));
  }

  @Override
  public byte[] authResponse() {
    return authResponse.clone();
  }

  /** Compares the auth response by content, which the record default (array identity) would not. */
  @Override
  public boolean equals(Object o) {
    return o instanceof HandshakeResponse41 r
        && capabilities == r.capabilities
        && maxPacketSize == r.maxPacketSize
        && charset == r.charset
        && username.equals(r.username)
        && java.util.Arrays.equals(authResponse, r.authResponse)
        && java.util.Objects.equals(database, r.database)
        && java.util.Objects.equals(authPluginName, r.authPluginName)
        && connectAttributes.equals(r.connectAttributes);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(capabilities, username, java.util.Arrays.hashCode(authResponse), database);
  }

  public static HandshakeResponse41 decode(ByteBuf payload) {
    int capabilities = Payload.readInt4(payload);
    if (!Capabilities.has(capabilities, Capabilities.CLIENT_PROTOCOL_41)) {
      throw new ProtocolException("client does not speak CLIENT_PROTOCOL_41 (HandshakeResponse320 is unsupported)");
    }
    int maxPacket = Payload.readInt4(payload);
    int charset = Payload.readInt1(payload);
    Payload.skip(payload, SslRequest.FILLER, "handshake response filler");
    String user = Payload.readNulString(payload);
    byte[] auth;
    if (Capabilities.has(capabilities, Capabilities.CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA)) {
      auth = Payload.readLenencBytes(payload);
    } else if (Capabilities.has(capabilities, Capabilities.CLIENT_SECURE_CONNECTION)) {
      auth = Payload.readFixBytes(payload, Payload.readInt1(payload));
    } else {
      // Clients without SECURE_CONNECTION NUL-terminate the (pre-4.1 style) auth response.
      auth = Payload.readNulString(payload).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
    String database = null;
    if (Capabilities.has(capabilities, Capabilities.CLIENT_CONNECT_WITH_DB)) {
      database = Payload.readNulString(payload);
    }
    String plugin = null;
    if (Capabilities.has(capabilities, Capabilities.CLIENT_PLUGIN_AUTH)) {
      // Some clients omit the plugin name even with the flag set; treat a missing one as absent.
      plugin = payload.isReadable() ? Payload.readNulString(payload) : null;
    }
    Map<String, String> attrs = new LinkedHashMap<>();
    if (Capabilities.has(capabilities, Capabilities.CLIENT_CONNECT_ATTRS) && payload.isReadable()) {
      long total = Payload.readLenencInt(payload);
      if (total > payload.readableBytes()) {
        throw new ProtocolException("connect attributes length " + total + " exceeds the "
            + payload.readableBytes() + " bytes left");
      }
      ByteBuf block = payload.readSlice((int) total);
      while (block.isReadable()) {
        String key = Payload.readLenencString(block);
        attrs.put(key, Payload.readLenencString(block));
      }
    }
    return new HandshakeResponse41(capabilities, maxPacket, charset, user, auth, database, plugin, attrs);
  }

  /** Encodes with the same capability-driven layout {@link #decode} reads. */
  public void encode(ByteBuf out) {
    Payload.writeInt4(out, capabilities);
    Payload.writeInt4(out, maxPacketSize);
    Payload.writeInt1(out, charset);
    out.writeZero(SslRequest.FILLER);
    Payload.writeNulString(out, username);
    if (Capabilities.has(capabilities, Capabilities.CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA)) {
      Payload.writeLenencBytes(out, authResponse);
    } else if (Capabilities.has(capabilities, Capabilities.CLIENT_SECURE_CONNECTION)) {
      if (authResponse.length > 0xFF) {
        throw new IllegalArgumentException("auth response over 255 bytes needs CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA");
      }
      Payload.writeInt1(out, authResponse.length);
      out.writeBytes(authResponse);
    } else {
      out.writeBytes(authResponse);
      out.writeByte(0);
    }
    if (Capabilities.has(capabilities, Capabilities.CLIENT_CONNECT_WITH_DB)) {
      Payload.writeNulString(out, database == null ? "" : database);
    }
    if (Capabilities.has(capabilities, Capabilities.CLIENT_PLUGIN_AUTH)) {
      Payload.writeNulString(out, authPluginName == null ? "" : authPluginName);
    }
    if (Capabilities.has(capabilities, Capabilities.CLIENT_CONNECT_ATTRS)) {
      ByteBuf block = out.alloc().buffer();
      try {
        connectAttributes.forEach((k, v) -> {
          Payload.writeLenencString(block, k);
          Payload.writeLenencString(block, v);
        });
        Payload.writeLenencInt(out, block.readableBytes());
        out.writeBytes(block);
      } finally {
        block.release();
      }
    }
  }
}
