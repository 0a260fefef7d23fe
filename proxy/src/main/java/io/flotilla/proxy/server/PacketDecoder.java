package io.flotilla.proxy.server;

import io.flotilla.proxy.protocol.ErrPacket;
import io.flotilla.proxy.protocol.PacketFramer;
import io.flotilla.proxy.protocol.SslRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslContext;
import java.util.List;

/**
 * Turns the client's byte stream into whole payloads ({@link Inbound.Packet}), joining the 16 MiB packets of a
 * large payload; a payload over {@code proxy.max-packet-size} or a broken sequence inside one becomes
 * {@link Inbound.Bad}, after which the rest of the stream is discarded (the session closes the connection).
 *
 * <p>The size is checked from each packet header before its bytes are buffered, so a hostile length cannot make
 * the proxy allocate it.
 */
final class PacketDecoder extends ByteToMessageDecoder {

    /** What the decoder hands to the session. */
    sealed interface Inbound permits Inbound.Packet, Inbound.Bad {
        /** One complete payload and the sequence id of its first packet; the receiver owns (releases) the payload. */
        record Packet(int sequenceId, ByteBuf payload) implements Inbound {
        }

        /** The stream cannot be read on: the error to send before closing. */
        record Bad(ErrPacket error) implements Inbound {
        }
    }

    private final int maxPayload;
    private final SslContext ssl;
    private boolean first = true;
    private CompositeByteBuf parts;
    private int firstSequenceId;
    private int nextSequenceId;
    private long total;
    private boolean failed;

    PacketDecoder(int maxPayload, SslContext ssl) {
        this.maxPayload = maxPayload;
        this.ssl = ssl;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (!failed && in.readableBytes() >= PacketFramer.HEADER_SIZE) {
            int index = in.readerIndex();
            int length = in.getUnsignedMediumLE(index);
            int seq = in.getUnsignedByte(index + 3);
            if (parts != null && seq != nextSequenceId) {
                fail(out, ServerErrors.ER_NET_PACKETS_OUT_OF_ORDER, "08S01", "Got packets out of order (expected sequence id "
                        + nextSequenceId + " inside a multi-packet payload, got " + seq + ")");
                break;
            }
            if (total + length > maxPayload) {
                fail(out, ServerErrors.ER_NET_PACKET_TOO_LARGE, "08S01",
                        "Got a packet bigger than 'proxy.max-packet-size' (" + maxPayload + " bytes)");
                break;
            }
            if (in.readableBytes() < PacketFramer.HEADER_SIZE + length) {
                return; // wait for the rest of this packet
            }
            in.skipBytes(PacketFramer.HEADER_SIZE);
            ByteBuf chunk = in.readRetainedSlice(length);
            if (length < PacketFramer.MAX_PACKET_PAYLOAD && parts == null) {
                out.add(new Inbound.Packet(seq, chunk)); // the common case: a single packet
                if (first) {
                    first = false;
                    if (ssl != null && SslRequest.isSslRequest(chunk)) {
                        startTls(ctx, in);
                        return;
                    }
                }
                continue;
            }
            first = false;
            if (parts == null) {
                parts = ctx.alloc().compositeBuffer(Integer.MAX_VALUE);
                firstSequenceId = seq;
            }
            parts.addComponent(true, chunk);
            total += length;
            nextSequenceId = (seq + 1) & 0xFF;
            if (length < PacketFramer.MAX_PACKET_PAYLOAD) {
                out.add(new Inbound.Packet(firstSequenceId, parts));
                parts = null;
                total = 0;
            }
        }
        if (failed) {
            in.skipBytes(in.readableBytes());
        }
    }

    /**
     * Puts TLS in front of this decoder right here on the event loop, before another byte is read: the client
     * starts its TLS handshake straight after the SSLRequest, possibly in the same read. Bytes already read behind
     * the SSLRequest go back through the pipeline's head, so the SslHandler sees them first.
     */
    private void startTls(ChannelHandlerContext ctx, ByteBuf in) {
        ctx.pipeline().addBefore(ctx.name(), "tls", ssl.newHandler(ctx.alloc()));
        if (in.isReadable()) {
            ByteBuf rest = in.readRetainedSlice(in.readableBytes());
            // Read-complete too: the SslHandler flushes its ServerHello only then.
            ctx.executor().execute(() -> ctx.pipeline().fireChannelRead(rest).fireChannelReadComplete());
        }
    }

    private void fail(List<Object> out, int code, String state, String message) {
        failed = true;
        releaseParts();
        out.add(new Inbound.Bad(new ErrPacket(code, state, message)));
    }

    private void releaseParts() {
        if (parts != null) {
            parts.release();
            parts = null;
        }
        total = 0;
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        releaseParts();
    }
}
