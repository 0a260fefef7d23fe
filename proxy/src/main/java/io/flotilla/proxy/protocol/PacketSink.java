package io.flotilla.proxy.protocol;

import io.netty.buffer.ByteBuf;

/**
 * Where a command handler writes the payloads of its response packets, in order; the connection assigns sequence
 * ids, splits payloads of 16 MiB or more, and flushes once the response is complete.
 */
public interface PacketSink {

  /** A buffer to encode one payload into (from the connection's allocator). */
  ByteBuf buffer();

  /** Queues one payload (ownership passes to the sink); it is framed with the next sequence id. */
  void send(ByteBuf payload);
}
