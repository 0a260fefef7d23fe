package io.flotilla.proxy.protocol;

import io.netty.buffer.ByteBuf;

/**
 * Protocol::AuthSwitchRequest (0xFE, plugin name, plugin data): the server asks the client to authenticate again
 * with another plugin and a fresh seed. The data is sent NUL-terminated, as MySQL and MariaDB servers do.
 */
public record AuthSwitchRequest(String pluginName, byte[] pluginData) {
  public static final int HEADER = 0xFE;

  public AuthSwitchRequest {
    pluginData = pluginData.clone();
  }

  @Override
  public byte[] pluginData() {
    return pluginData.clone();
  }

  public static AuthSwitchRequest decode(ByteBuf payload) {
    int header = Payload.readInt1(payload);
    if (header != HEADER) {
      throw new ProtocolException(String.format("not an auth switch request: header 0x%02X", header));
    }
    String plugin = Payload.readNulString(payload);
    byte[] data = Payload.readFixBytes(payload, payload.readableBytes());
    if (data.length > 0 && data[data.length - 1] == 0) {
      data = java.util.Arrays.copyOf(data, data.length - 1); // the terminator is not part of the seed
    }
    return new AuthSwitchRequest(plugin, data);
  }

  public void encode(ByteBuf out) {
    Payload.writeInt1(out, HEADER);
    Payload.writeNulString(out, pluginName);
    out.writeBytes(pluginData);
    out.writeByte(0);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AuthSwitchRequest r && pluginName.equals(r.pluginName)
        && java.util.Arrays.equals(pluginData, r.pluginData);
  }

  @Override
  public int hashCode() {
    return pluginName.hashCode() * 31 + java.util.Arrays.hashCode(pluginData);
  }
}
