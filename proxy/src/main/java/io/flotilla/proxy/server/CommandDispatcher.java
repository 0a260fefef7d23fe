package io.flotilla.proxy.server;

import io.flotilla.jdbc.FlotillaConnection;
import io.flotilla.proxy.protocol.ColumnDefinition41;
import io.flotilla.proxy.protocol.ComFieldList;
import io.flotilla.proxy.protocol.ComSetOption;
import io.flotilla.proxy.protocol.Command;
import io.flotilla.proxy.protocol.Payload;
import io.flotilla.proxy.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/**
 * Handles the command phase of one session: one command packet in, one complete response out (flushed once).
 * COM_STMT_* go to the session's {@link StatementCommands}; unknown commands get ER_UNKNOWN_COM_ERROR.
 */
final class CommandDispatcher {
    private static final Command[] BY_CODE = new Command[256];

    static {
        for (Command c : Command.values()) {
            BY_CODE[c.code()] = c;
        }
    }

    private final ProxySession session;
    private final SessionSink sink;
    private final Backends backends;
    private final QueryRunner queries;
    private final StatementCommands statements;
    private final java.util.function.Supplier<String> statistics;

    CommandDispatcher(ProxySession session, SessionSink sink, Backends backends, StatusReport status,
            StatementCommands statements, java.util.function.Supplier<String> statistics) {
        this.statistics = statistics;
        this.session = session;
        this.sink = sink;
        this.backends = backends;
        this.queries = new QueryRunner(session, sink, status);
        this.statements = statements;
    }

    /** Runs one command; returns false when the session must end (COM_QUIT). */
    boolean dispatch(ByteBuf payload) {
        if (!payload.isReadable()) {
            sink.err(ServerErrors.err(ServerErrors.ER_MALFORMED_PACKET, "08S01", "Malformed communication packet: empty command"));
            sink.flush();
            return true;
        }
        int code = payload.getUnsignedByte(payload.readerIndex());
        Command command = BY_CODE[code];
        try {
            if (command == null) {
                sink.err(ServerErrors.err(ServerErrors.ER_UNKNOWN_COM_ERROR, "08S01", String.format("Unknown command 0x%02X", code)));
                return true;
            }
            switch (command) {
                case COM_QUIT -> {
                    return false;
                }
                case COM_QUERY -> {
                    payload.skipBytes(1);
                    queries.run(Payload.readEofString(payload));
                }
                case COM_PING -> sink.ok(0, 0, session.status(), "");
                case COM_STATISTICS -> {
                    // Answered with a bare string<EOF>, not an OK packet (mariadb-admin status).
                    ByteBuf b = sink.buffer();
                    Payload.writeEofString(b, statistics.get());
                    sink.send(b);
                }
                case COM_INIT_DB -> {
                    payload.skipBytes(1);
                    Backends.useDatabase(session.connection(), Payload.readEofString(payload));
                    sink.ok(0, 0, session.status(), "");
                }
                case COM_FIELD_LIST -> fieldList(ComFieldList.decode(payload));
                case COM_SET_OPTION -> setOption(ComSetOption.decode(payload).option());
                case COM_RESET_CONNECTION -> reset();
                case COM_STMT_PREPARE, COM_STMT_EXECUTE, COM_STMT_SEND_LONG_DATA, COM_STMT_CLOSE, COM_STMT_RESET -> {
                    payload.skipBytes(1);
                    statements.handle(command, payload, session, sink);
                }
            }
        } catch (SQLException e) {
            sink.err(ServerErrors.of(e));
        } catch (ProtocolException e) {
            sink.err(ServerErrors.err(ServerErrors.ER_MALFORMED_PACKET, "08S01", "Malformed communication packet: " + e.getMessage()));
        } finally {
            sink.flush();
        }
        return true;
    }

    private void setOption(int option) {
        switch (option) {
            case ComSetOption.MULTI_STATEMENTS_ON -> session.multiStatements(true);
            case ComSetOption.MULTI_STATEMENTS_OFF -> session.multiStatements(false);
            default -> {
                sink.err(ServerErrors.err(ServerErrors.ER_UNKNOWN_COM_ERROR, "08S01", "Unknown COM_SET_OPTION option " + option));
                return;
            }
        }
        // COM_SET_OPTION answers with an EOF (0xFE), not an OK.
        sink.eof(session.status(), session.deprecateEof());
    }

    /** COM_FIELD_LIST: the table's column definitions, each with an (absent) default value, then EOF. */
    private void fieldList(ComFieldList cmd) throws SQLException {
        Pattern wildcard = like(cmd.wildcard());
        FlotillaConnection conn = session.connection();
        try (Statement st = conn.createStatement();
                ResultSet rs = st.executeQuery("SELECT * FROM `" + cmd.table().replace("`", "``") + "` LIMIT 0")) {
            for (ColumnDefinition41 d : ResultColumns.of(rs.getMetaData()).definitions()) {
                if (wildcard != null && !wildcard.matcher(d.orgName()).matches()) {
                    continue;
                }
                ByteBuf b = sink.buffer();
                d.encode(b);
                b.writeByte(Payload.LENENC_NULL); // default value: only COM_FIELD_LIST carries this field
                sink.send(b);
            }
        }
        sink.eof(session.status(), session.deprecateEof());
    }

    private static Pattern like(String wildcard) {
        if (wildcard == null || wildcard.isEmpty()) {
            return null;
        }
        StringBuilder re = new StringBuilder();
        for (char c : wildcard.toCharArray()) {
            re.append(c == '%' ? ".*" : c == '_' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE);
    }

    /** COM_RESET_CONNECTION: a fresh Flotilla connection (no transaction, variables, token) on the same database. */
    private void reset() throws SQLException {
        FlotillaConnection old = session.connection();
        String catalog = old.getCatalog();
        statements.reset();
        queries.reset();
        backends.close(old);
        FlotillaConnection fresh = backends.open(session.user(), catalog);
        session.replaceConnection(fresh);
        sink.ok(0, 0, session.status(), "");
    }

    /** The session ends: release prepared statements and the Flotilla connection (rolls back an open transaction). */
    void close() {
        try {
            statements.close();
            if (session.directReads() != null) {
                session.directReads().close();
            }
        } finally {
            backends.close(session.connection());
        }
    }
}
