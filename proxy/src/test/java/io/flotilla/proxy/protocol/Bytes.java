package io.flotilla.proxy.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

/** Test helper turning hex fragments (one per field, spaces allowed) into buffers and back. */
final class Bytes {
  private Bytes() {}

  static ByteBuf hex(String... fields) {
    return Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(String.join("", fields).replace(" ", "")));
  }

  static String toHex(ByteBuf buf) {
    return ByteBufUtil.hexDump(buf);
  }

  static String asciiHex(String s) {
    return ByteBufUtil.hexDump(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
