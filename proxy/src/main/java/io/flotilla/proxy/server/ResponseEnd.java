package io.flotilla.proxy.server;

import io.flotilla.proxy.protocol.Capabilities;
import io.flotilla.proxy.protocol.ErrPacket;
import io.flotilla.proxy.protocol.PacketFramer;
import io.netty.buffer.ByteBuf;

/**
 * Follows a command's response packet by packet, without decoding rows, to tell which packet ends it: an OK or ERR, or
 * the EOF (or, with CLIENT_DEPRECATE_EOF, the 0xFE OK) after a result set's rows, unless its status flags say
 * SERVER_MORE_RESULTS_EXISTS.
 */
final class ResponseEnd {
    private enum State { FIRST, DEFINITIONS, DEFINITIONS_EOF, ROWS }

    private final boolean deprecateEof;
    private State state = State.FIRST;
    private long definitions;
    private boolean continuation;

    ResponseEnd(boolean deprecateEof) {
        this.deprecateEof = deprecateEof;
    }

    /**
     * Looks at the next packet, whose payload of {@code length} bytes starts at {@code p} in {@code buf}; true when it is
     * the response's last.
     *
     * @throws IllegalStateException for a packet no read's response has (a LOCAL INFILE request, an empty first packet)
     */
    boolean last(ByteBuf buf, int p, int length) {
        boolean part = continuation;
        continuation = length == PacketFramer.MAX_PACKET_PAYLOAD;
        if (part) {
            return false; // the rest of a payload over 16 MiB: it has no header byte of its own
        }
        int first = length == 0 ? -1 : buf.getUnsignedByte(p);
        switch (state) {
            case FIRST -> {
                if (first == 0x00) {
                    return !moreResults(okStatus(buf, p));
                }
                if (first == ErrPacket.HEADER) {
                    return true;
                }
                if (first == 0xFB || first < 0) {
                    throw new IllegalStateException("unexpected response 0x" + Integer.toHexString(first) + " to a read");
                }
                definitions = lenenc(buf, p);
                state = State.DEFINITIONS;
                return false;
            }
            case DEFINITIONS -> {
                if (--definitions == 0) {
                    state = deprecateEof ? State.ROWS : State.DEFINITIONS_EOF;
                }
                return false;
            }
            case DEFINITIONS_EOF -> {
                state = State.ROWS;
                return false;
            }
            case ROWS -> {
                if (first == 0xFE && length < PacketFramer.MAX_PACKET_PAYLOAD) {
                    // A row starting with 0xFE (an 8-byte length) is at least 16 MiB long: this is the EOF or OK.
                    int status = deprecateEof ? okStatus(buf, p) : buf.getUnsignedShortLE(p + 3);
                    state = State.FIRST;
                    return !moreResults(status);
                }
                return first == ErrPacket.HEADER;
            }
        }
        throw new AssertionError(state);
    }

    private static boolean moreResults(int status) {
        return (status & Capabilities.SERVER_MORE_RESULTS_EXISTS) != 0;
    }

    /** The status flags of an OK packet: after the header, affected rows and last insert id (both int&lt;lenenc&gt;). */
    private static int okStatus(ByteBuf b, int p) {
        return b.getUnsignedShortLE(skipLenenc(b, skipLenenc(b, p + 1)));
    }

    private static int skipLenenc(ByteBuf buf, int index) {
        return switch (buf.getUnsignedByte(index)) {
            case 0xFC -> index + 3;
            case 0xFD -> index + 4;
            case 0xFE -> index + 9;
            default -> index + 1;
        };
    }

    private static long lenenc(ByteBuf b, int p) {
        int first = b.getUnsignedByte(p);
        return switch (first) {
            case 0xFC -> b.getUnsignedShortLE(p + 1);
            case 0xFD -> b.getUnsignedMediumLE(p + 1);
            case 0xFE -> b.getLongLE(p + 1);
            default -> first;
        };
    }
}
