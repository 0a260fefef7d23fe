package io.flotilla.proxy.server;

import io.flotilla.jdbc.FlotillaConnection;
import io.flotilla.proxy.protocol.Capabilities;
import io.flotilla.routing.sql.StatementSplitter;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Runs COM_QUERY: splits a multi-statement text with the routing module's lexer and runs each statement through the
 * session's Flotilla connection in order (one result or OK per statement, SERVER_MORE_RESULTS_EXISTS on all but
 * the last, stopping at the first error as MySQL does); Flotilla's own statements are answered here.
 */
final class QueryRunner {
    private final ProxySession session;
    private final SessionSink sink;
    private final StatusReport status;
    private Statement statement;

    QueryRunner(ProxySession session, SessionSink sink, StatusReport status) {
        this.session = session;
        this.sink = sink;
        this.status = status;
    }

    /** Forgets the statement of a connection that was replaced (COM_RESET_CONNECTION). */
    void reset() {
        statement = null;
    }

    void run(String sql) {
        List<String> statements = StatementSplitter.split(sql);
        if (statements.isEmpty()) {
            sink.err(ServerErrors.err(1065, "42000", "Query was empty"));
            return;
        }
        if (statements.size() > 1 && !session.multiStatements()) {
            sink.err(ServerErrors.err(ServerErrors.ER_PARSE_ERROR, "42000", "You have an error in your SQL syntax: "
                    + statements.size() + " statements in one query while multi-statements are off (CLIENT_MULTI_STATEMENTS)"));
            return;
        }
        for (int i = 0; i < statements.size(); i++) {
            int more = i < statements.size() - 1 ? Capabilities.SERVER_MORE_RESULTS_EXISTS : 0;
            try {
                runOne(statements.get(i), more);
            } catch (SQLException e) {
                sink.err(ServerErrors.of(e));
                return;
            }
        }
    }

    private void runOne(String sql, int more) throws SQLException {
        FlotillaConnection conn = session.connection();
        FlotillaSql special = FlotillaSql.match(sql);
        if (special != null) {
            runSpecial(special, conn, more);
            return;
        }
        DirectReads direct = session.directReads();
        // Not in the middle of a multi-statement: a forwarded answer carries the follower's status flags, which lack
        // SERVER_MORE_RESULTS_EXISTS.
        if (more == 0 && direct != null && direct.query(sql)) {
            return; // a follower read forwarded as raw bytes
        }
        if (statement == null) {
            statement = conn.createStatement();
        }
        if (statement.execute(sql)) {
            TextResults.send(statement.getResultSet(), session, sink, more);
        } else {
            sink.ok(Math.max(0, statement.getLargeUpdateCount()), conn.lastGeneratedId(), session.status() | more, "");
        }
    }

    private void runSpecial(FlotillaSql special, FlotillaConnection conn, int more) throws SQLException {
        switch (special.kind()) {
            case SELECT_TOKEN -> TextResults.send(ResultColumns.text(special.argument()),
                    List.<String[]>of(new String[] {conn.consistencyToken()}), session, sink, more);
            case SET_TOKEN -> {
                try {
                    conn.requireToken(special.argument());
                } catch (SQLException e) {
                    throw new SQLException("Variable 'flotilla_token' can't be set: " + e.getMessage(), "42000",
                            ServerErrors.ER_WRONG_VALUE_FOR_VAR, e);
                }
                sink.ok(0, 0, session.status() | more, "");
            }
            case SET_CONSISTENCY -> {
                try {
                    conn.setConsistency(special.argument());
                } catch (SQLException e) {
                    throw new SQLException("Variable 'flotilla_consistency' can't be set: " + e.getMessage(), "42000",
                            ServerErrors.ER_WRONG_VALUE_FOR_VAR, e);
                }
                sink.ok(0, 0, session.status() | more, "");
            }
            case SHOW_STATUS -> TextResults.send(ResultColumns.text("Variable_name", "Value"), status.rows(conn), session, sink, more);
            case USE -> {
                Backends.useDatabase(conn, special.argument());
                sink.ok(0, 0, session.status() | more, "");
            }
        }
    }
}
