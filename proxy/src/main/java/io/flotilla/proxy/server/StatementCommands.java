package io.flotilla.proxy.server;

import io.flotilla.proxy.protocol.Command;
import io.flotilla.proxy.protocol.ErrPacket;
import io.flotilla.proxy.protocol.PacketSink;
import io.netty.buffer.ByteBuf;

/**
 * The binary-protocol commands (COM_STMT_PREPARE/EXECUTE/SEND_LONG_DATA/CLOSE/RESET) of one session: the hook where
 * the prepared-statement implementation plugs in ({@link ProxyServer} takes a factory of these). Until it does,
 * {@link #UNSUPPORTED} answers them with ER_UNKNOWN_COM_ERROR.
 */
public interface StatementCommands {

    /**
     * Handles one COM_STMT_* command. The payload's reader index is just past the command byte; the handler writes
     * its whole response to {@code sink} (the caller flushes) and must not release the payload. COM_STMT_CLOSE and
     * COM_STMT_SEND_LONG_DATA send nothing, as the protocol says.
     */
    void handle(Command command, ByteBuf payload, ProxySession session, PacketSink sink);

    /** COM_RESET_CONNECTION: forget every prepared statement. */
    default void reset() {
    }

    /** The session ends: release whatever is held. */
    default void close() {
    }

    /** Makes the handler of one session. */
    interface Factory {
        StatementCommands create(ProxySession session);
    }

    /** Refuses the binary protocol (except COM_STMT_CLOSE, which has no response). */
    StatementCommands UNSUPPORTED = (command, payload, session, sink) -> {
        if (command == Command.COM_STMT_CLOSE || command == Command.COM_STMT_SEND_LONG_DATA) {
            return;
        }
        ByteBuf b = sink.buffer();
        new ErrPacket(ServerErrors.ER_UNKNOWN_COM_ERROR, "08S01", "Unknown command: " + command
                + " (the binary protocol is not available in this proxy build)").encode(b);
        sink.send(b);
    };
}
