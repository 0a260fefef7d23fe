package io.flotilla.proxy.server;

import io.flotilla.proxy.protocol.Payload;
import io.flotilla.proxy.protocol.TextRow;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Sends a result set in the text protocol: column count, column definitions, EOF (unless CLIENT_DEPRECATE_EOF),
 * one row per packet, and the closing EOF (or 0xFE OK) with the session's status and any extra flags.
 *
 * <p>Values are Connector/J's raw row bytes ({@code getBytes}): already the MySQL text form, never re-formatted.
 */
final class TextResults {

    /** Thrown when the client went away in the middle of a result; the session is closing anyway. */
    static final class ClientGone extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ClientGone() {
            super("client disconnected during a result set", null, false, false);
        }
    }

    private TextResults() {
    }

    /** Streams {@code rs} (closing it); {@code extraStatus} carries SERVER_MORE_RESULTS_EXISTS in a multi-statement. */
    static void send(ResultSet rs, ProxySession session, SessionSink sink, int extraStatus) throws SQLException {
        try (rs) {
            ResultColumns columns = ResultColumns.of(rs.getMetaData());
            boolean deprecateEof = session.deprecateEof();
            columns.send(sink);
            if (!deprecateEof) {
                sink.eof(session.status() | extraStatus, false);
            }
            int n = columns.count();
            long rows = 0;
            while (rs.next()) {
                ByteBuf b = sink.buffer();
                for (int i = 1; i <= n; i++) {
                    byte[] v = rs.getBytes(i);
                    if (v == null) {
                        b.writeByte(Payload.LENENC_NULL);
                    } else {
                        Payload.writeLenencInt(b, v.length);
                        b.writeBytes(v);
                    }
                }
                sink.send(b);
                if ((++rows & 1023) == 0 && !sink.open()) {
                    throw new ClientGone();
                }
            }
            sink.eof(session.status() | extraStatus, deprecateEof);
        }
    }

    /** Sends a result of the proxy's own: text columns and string rows (null = SQL NULL). */
    static void send(ResultColumns columns, List<String[]> rows, ProxySession session, SessionSink sink, int extraStatus) {
        boolean deprecateEof = session.deprecateEof();
        columns.send(sink);
        if (!deprecateEof) {
            sink.eof(session.status() | extraStatus, false);
        }
        for (String[] row : rows) {
            ByteBuf b = sink.buffer();
            TextRow.ofStrings(row).encode(b);
            sink.send(b);
        }
        sink.eof(session.status() | extraStatus, deprecateEof);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
