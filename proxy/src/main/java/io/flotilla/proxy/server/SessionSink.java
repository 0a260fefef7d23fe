package io.flotilla.proxy.server;

import io.flotilla.proxy.protocol.Capabilities;
import io.flotilla.proxy.protocol.EofPacket;
import io.flotilla.proxy.protocol.ErrPacket;
import io.flotilla.proxy.protocol.OkPacket;
import io.flotilla.proxy.protocol.PacketFramer;
import io.flotilla.proxy.protocol.PacketSink;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;

/**
 * The {@link PacketSink} of one client connection: frames payloads with consecutive sequence ids into one outgoing
 * buffer and hands it to the event loop once per response ({@link #flush}), or every 64 KiB of a large result,
 * waiting while the socket is not writable so a slow client cannot make the proxy buffer a whole result in memory.
 *
 * <p>One write per response matters: every write from the session's thread is a task hand-off to the event loop,
 * and a point select has five packets.
 */
final class SessionSink implements PacketSink {
    private static final int FLUSH_BYTES = 64 * 1024;
    /** A scratch buffer that grew past this (a big row) is given back rather than kept for the session's lifetime. */
    private static final int SCRATCH_KEEP_BYTES = 16 * 1024;

    private final Channel channel;
    private int sequenceId;
    private ByteBuf out;
    /**
     * The buffer {@link #buffer()} hands out, reused for every payload: handlers encode one payload and send it
     * before asking for the next, and a pooled buffer per packet (five for a point select) cost more than the copy.
     */
    private ByteBuf scratch;
    private boolean scratchLent;
    /** Responses (or 64 KiB parts of one) handed to the socket so far. */
    private long flushes;

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
        if (scratchLent) {
            return channel.alloc().heapBuffer(128); // asked again before sending the first: a separate buffer
        }
        if (scratch == null) {
            scratch = Unpooled.buffer(256); // unpooled heap: garbage-collected with the session, never released
        }
        scratchLent = true;
        return scratch.clear();
    }

    @Override
    public void send(ByteBuf payload) {
        try {
            if (out == null) {
                out = allocate(Math.max(1024, payload.readableBytes() + PacketFramer.HEADER_SIZE));
            }
            sequenceId = PacketFramer.frame(payload, sequenceId, out);
        } finally {
            if (payload == scratch) {
                scratchLent = false;
                if (scratch.capacity() > SCRATCH_KEEP_BYTES) {
                    scratch = null;
                }
            } else {
                payload.release();
            }
        }
        if (out.readableBytes() >= FLUSH_BYTES) {
            flush();
            awaitWritable();
        }
    }

    /**
     * The outgoing buffer itself, for appending packets framed elsewhere (a follower's answer relayed unchanged);
     * call {@link #framedAppended} after each packet.
     */
    ByteBuf framedOut() {
        if (out == null) {
            out = allocate(1024);
        }
        return out;
    }

    /** After a framed packet was appended: the next packet's sequence id, and a flush every 64 KiB. */
    void framedAppended(int nextSequenceId) {
        sequenceId = nextSequenceId & 0xFF;
        if (out.readableBytes() >= FLUSH_BYTES) {
            flush();
            awaitWritable();
        }
    }

    /** Where the unflushed output ends now, to undo a relay that failed before it flushed. */
    int framedMark() {
        return out == null ? 0 : out.writerIndex();
    }

    /** Drops what was appended after {@code mark} (nothing was flushed since). */
    void framedReset(int mark) {
        if (out != null) {
            out.writerIndex(Math.min(mark, out.writerIndex()));
        }
    }

    /** How many times output went to the socket. */
    long flushes() {
        return flushes;
    }

    private ByteBuf allocate(int capacity) {
        // A thread-per-session (blocking) channel writes through a stream: a heap buffer's array is written as is,
        // where a direct buffer would be copied into a temporary array first.
        return channel instanceof io.netty.channel.socket.oio.OioSocketChannel
                ? channel.alloc().heapBuffer(capacity) : channel.alloc().ioBuffer(capacity);
    }

    /** Hands everything framed so far to the socket, in one write. */
    void flush() {
        scratchLent = false; // the response is complete: a handler that failed mid-payload holds it no longer
        if (out != null) {
            ByteBuf b = out;
            out = null;
            flushes++;
            channel.writeAndFlush(b, channel.voidPromise());
        }
    }

    Channel channel() {
        return channel;
    }

    /** Closes the connection once everything framed so far has been written. */
    void close() {
        flush();
        channel.close();
    }

    /** Whether the client is still connected; long results stop early when it is not. */
    boolean open() {
        return channel.isActive();
    }

    private void awaitWritable() {
        // Runs on the session's own thread, so a short sleep here only delays this session. (With session-thread
        // threading the write above has already gone to the socket, and the channel stays writable.)
        while (channel.isActive() && !channel.isWritable() && !channel.eventLoop().inEventLoop()) {
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
