package io.flotilla.proxy.server;

import io.flotilla.proxy.protocol.Capabilities;
import io.flotilla.proxy.protocol.EofPacket;
import io.flotilla.proxy.protocol.ErrPacket;
import io.flotilla.proxy.protocol.OkPacket;
import io.flotilla.proxy.protocol.PacketFramer;
import io.flotilla.proxy.protocol.PacketSink;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;

/**
 * The {@link PacketSink} of one client connection: frames payloads with consecutive sequence ids, writes them
 * without flushing, and flushes once per response (or every 64 KiB of a large result, waiting while the socket is
 * not writable so a slow client cannot make the proxy buffer a whole result in memory).
 *
 * <p>{@link #buffer()} reserves the 4-byte packet header in front of the payload (the payload starts at the
 * buffer's reader index), so a small packet goes out as one buffer without copying.
 */
final class SessionSink implements PacketSink {
    private static final int HEADER = PacketFramer.HEADER_SIZE;
    private static final int FLUSH_BYTES = 64 * 1024;

    private final Channel channel;
    private int sequenceId;
    private int pending;

    SessionSink(Channel channel) {
        this.channel = channel;
    }

    /** The sequence id the next packet gets; a command resets it to the command packet's id + 1. */
    void sequenceId(int next) {
        sequenceId = next & 0xFF;
    }

    int sequenceId() {
        return sequenceId;
    }

    @Override
    public ByteBuf buffer() {
        ByteBuf b = channel.alloc().ioBuffer(256);
        b.writerIndex(HEADER);
        b.readerIndex(HEADER);
        return b;
    }

    @Override
    public void send(ByteBuf payload) {
        int length = payload.readableBytes();
        ByteBuf out;
        if (length < PacketFramer.MAX_PACKET_PAYLOAD && payload.readerIndex() >= HEADER) {
            int start = payload.readerIndex() - HEADER;
            payload.setMediumLE(start, length);
            payload.setByte(start + 3, sequenceId);
            payload.readerIndex(start);
            sequenceId = (sequenceId + 1) & 0xFF;
            out = payload;
        } else {
            out = channel.alloc().ioBuffer(length + HEADER * (1 + length / PacketFramer.MAX_PACKET_PAYLOAD));
            sequenceId = PacketFramer.frame(payload, sequenceId, out);
            payload.release();
        }
        pending += out.readableBytes();
        channel.write(out, channel.voidPromise());
        if (pending >= FLUSH_BYTES) {
            flush();
            awaitWritable();
        }
    }

    /** Writes everything queued so far to the socket. */
    void flush() {
        pending = 0;
        channel.flush();
    }

    Channel channel() {
        return channel;
    }

    /** Closes the connection once everything written so far has been flushed. */
    void close() {
        channel.flush();
        channel.close();
    }

    /** Whether the client is still connected; long results stop early when it is not. */
    boolean open() {
        return channel.isActive();
    }

    private void awaitWritable() {
        // Runs on the session's own thread (never the event loop), so a short sleep here only delays this session.
        while (channel.isActive() && !channel.isWritable()) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    void ok(long affectedRows, long lastInsertId, int status, String info) {
        ByteBuf b = buffer();
        OkPacket.of(affectedRows, lastInsertId, status, 0, info).encode(b);
        send(b);
    }

    void err(ErrPacket err) {
        ByteBuf b = buffer();
        err.encode(b);
        send(b);
    }

    /** Ends column definitions or rows: an EOF, or (CLIENT_DEPRECATE_EOF, rows only) an OK with header 0xFE. */
    void eof(int status, boolean deprecateEof) {
        ByteBuf b = buffer();
        if (deprecateEof) {
            new OkPacket(OkPacket.HEADER_EOF, 0, 0, status, 0, "").encode(b);
        } else {
            new EofPacket(0, status).encode(b);
        }
        send(b);
    }

    static boolean deprecateEof(int capabilities) {
        return Capabilities.has(capabilities, Capabilities.CLIENT_DEPRECATE_EOF);
    }
}
