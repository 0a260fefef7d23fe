package io.flotilla.proxy.protocol;

import io.netty.buffer.ByteBuf;

/**
 * Splits payloads into MySQL packets (int&lt;3&gt; length + int&lt;1&gt; sequence id) and reassembles them.
 *
 * <p>A payload of 0xFFFFFF bytes or more travels as several maximum-size packets; the receiver knows the
 * payload has ended at the first packet shorter than 0xFFFFFF, which is why a payload whose last chunk is
 * exactly 0xFFFFFF bytes is followed by an empty packet.
 */
public final class PacketFramer {
  /** Largest payload one packet can carry (16 MiB - 1). */
  public static final int MAX_PACKET_PAYLOAD = 0xFFFFFF;
  public static final int HEADER_SIZE = 4;

  private PacketFramer() {}

  /** A payload reassembled from one or more packets, and the sequence id the next packet must carry. */
  public record Framed(ByteBuf payload, int nextSequenceId) {}

  public static void writeHeader(ByteBuf out, int length, int sequenceId) {
    if (length < 0 || length > MAX_PACKET_PAYLOAD) {
      throw new IllegalArgumentException("packet length out of range: " + length);
    }
    out.writeMediumLE(length);
    out.writeByte(sequenceId);
  }

  /**
   * Writes all readable bytes of {@code payload} to {@code out} as packets starting at {@code firstSequenceId}
   * and returns the sequence id for the following packet. The payload's reader index is not moved.
   */
  public static int frame(ByteBuf payload, int firstSequenceId, ByteBuf out) {
    int seq = firstSequenceId & 0xFF;
    int index = payload.readerIndex();
    int remaining = payload.readableBytes();
    while (true) {
      int chunk = Math.min(remaining, MAX_PACKET_PAYLOAD);
      writeHeader(out, chunk, seq);
      out.writeBytes(payload, index, chunk);
      index += chunk;
      remaining -= chunk;
      seq = (seq + 1) & 0xFF;
      if (chunk < MAX_PACKET_PAYLOAD) {
        return seq;
      }
    }
  }

  /**
   * Reads one complete payload from {@code in}, checking every packet carries the expected sequence id.
   *
   * <p>Returns null and consumes nothing when the bytes of the last packet have not all arrived yet, so the
   * method can sit behind a streaming decoder. The returned payload is a fresh buffer owned by the caller.
   */
  public static Framed tryRead(ByteBuf in, int expectedSequenceId) {
    // First pass: check completeness and sequence ids without consuming, so a partial read is side-effect free.
    int index = in.readerIndex();
    int seq = expectedSequenceId & 0xFF;
    int total = 0;
    while (true) {
      if (in.writerIndex() - index < HEADER_SIZE) {
        return null;
      }
      int length = in.getUnsignedMediumLE(index);
      int actualSeq = in.getUnsignedByte(index + 3);
      if (actualSeq != seq) {
        throw new ProtocolException("packet out of order: expected sequence id " + seq + ", got " + actualSeq);
      }
      if (in.writerIndex() - index - HEADER_SIZE < length) {
        return null;
      }
      index += HEADER_SIZE + length;
      total += length;
      if (total < 0) {
        throw new ProtocolException("reassembled payload exceeds 2 GiB");
      }
      seq = (seq + 1) & 0xFF;
      if (length < MAX_PACKET_PAYLOAD) {
        break;
      }
    }
    ByteBuf payload = in.alloc().buffer(total);
    while (true) {
      int length = in.readUnsignedMediumLE();
      in.skipBytes(1);
      payload.writeBytes(in, length);
      if (length < MAX_PACKET_PAYLOAD) {
        return new Framed(payload, seq);
      }
    }
  }
}
