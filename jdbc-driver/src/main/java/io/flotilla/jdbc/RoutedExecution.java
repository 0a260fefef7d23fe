package io.flotilla.jdbc;

import io.flotilla.replicator.log.LogSchema;
import io.flotilla.replicator.log.LoggedSession;
import io.flotilla.replicator.log.WriteResult;
import io.flotilla.routing.route.ConsistencyLevel;
import io.flotilla.routing.route.Route;
import io.flotilla.routing.sql.StatementInfo;
import io.flotilla.routing.sql.StatementKind;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Runs one execution of a statement where the session's routing sends it: writes and leader-only statements through
 * the session's binlog writer, reads to a follower that satisfies the session's consistency, or to the leader.
 */
final class RoutedExecution {

    private static final Set<StatementKind> SESSION_COMMANDS = Set.of(StatementKind.BEGIN, StatementKind.COMMIT,
            StatementKind.ROLLBACK, StatementKind.SAVEPOINT, StatementKind.ROLLBACK_TO_SAVEPOINT,
            StatementKind.RELEASE_SAVEPOINT, StatementKind.SET, StatementKind.USE);

    /** MySQL/MariaDB error 1213: the statement was a deadlock victim and its transaction was rolled back. */
    private static final int ER_LOCK_DEADLOCK = 1213;
    /** MySQL's ER_OPTION_PREVENTS_STATEMENT: the server runs with --read-only. */
    private static final int READ_ONLY = 1290;

    private final FlotillaConnection conn;
    private final BackendStatements backends;
    private final StatementResult result;

    RoutedExecution(FlotillaConnection conn, BackendStatements backends, StatementResult result) {
        this.conn = conn;
        this.backends = backends;
        this.result = result;
    }

    /** Routes and runs the statement, repeating it once where that cannot double it; true for a result set. */
    boolean run(StatementInfo info, List<Object> values) throws SQLException {
        for (int attempt = 0; ; attempt++) {
            Route route = conn.route(info);
            String node = route.toLeader() ? null : route.node();
            try {
                if (route.toLeader()) {
                    return onLeader(info, values, route);
                }
                return onFollower(info, values, route);
            } catch (SQLException e) {
                if (e.getErrorCode() == ER_LOCK_DEADLOCK && node == null) {
                    forgetDeadlockedTransaction(e);
                }
                if (node == null && e.getErrorCode() == READ_ONLY && !conn.inTransaction() && attempt == 0
                        && conn.backends().leaderWasDemoted()) {
                    // Refused by a demoted leader: nothing was written (read_only also fails a COMMIT), so the
                    // statement runs once more on the new leader.
                    continue;
                }
                if (e.getSQLState() == null || !e.getSQLState().startsWith("08")) {
                    throw e;
                }
                conn.backends().drop(node);
                // A read outside a transaction that lost its follower is repeated once elsewhere; anything else
                // (a write, a transaction's statement) reports the failure, since repeating it could double it. So
                // does a read the application's own timeout or interrupt ended: running it again would double the wait.
                if (node == null || attempt > 0 || conn.inTransaction() || endedByCaller(e)) {
                    throw e;
                }
            }
        }
    }

    /** Whether a connection error is a read timeout ({@code setNetworkTimeout}, socketTimeout) or an interrupt. */
    static boolean endedByCaller(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedIOException || t instanceof ClosedByInterruptException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The server rolled the whole transaction back when it chose this statement as a deadlock victim: end it in the
     * session too, or its buffered statements would be logged by the next COMMIT (or implicit commit) and applied on
     * followers although the leader never committed them.
     */
    private void forgetDeadlockedTransaction(SQLException deadlock) {
        try {
            conn.rollback();
        } catch (SQLException e) {
            deadlock.addSuppressed(e);
        }
    }

    private boolean onLeader(StatementInfo info, List<Object> values, Route route) throws SQLException {
        LoggedSession session = conn.leader();
        if (info.write() || info.implicitCommit() || SESSION_COMMANDS.contains(info.kind())) {
            WriteResult w = session.execute(info.sql(), values);
            conn.consistency().afterWrite(w.lsn());
            if (info.kind() == StatementKind.SET && !info.sql().toLowerCase(Locale.ROOT).contains("autocommit")) {
                conn.backends().rememberSet(info.sql());
            } else if (info.kind() == StatementKind.USE) {
                // Reached only when the leader accepted it; its backend knows the name however the SQL spelled it.
                conn.backends().catalogChanged(session.connection().getCatalog());
            }
            result.wrote(w.updateCount(), w.generatedId());
            backends.ranElsewhere();
            conn.recordGeneratedId(result.generatedId());
            return false;
        }
        session.beforeRead(info);
        boolean rs = backends.execute(session.connection(), info.sql(), values, result);
        if (route.consistency() instanceof ConsistencyLevel.Monotonic) {
            // A leader read sees everything committed: later reads must not see less.
            conn.consistency().position().recordRead(LogSchema.head(session.connection()));
        }
        if (!conn.inTransaction()) {
            // The leader backend never autocommits: end the read's snapshot (and its metadata locks) now, or the
            // next read on this connection would see the old snapshot and DDL elsewhere would wait for it.
            session.connection().commit();
        }
        return rs;
    }

    private boolean onFollower(StatementInfo info, List<Object> values, Route route) throws SQLException {
        conn.backends().pinIfReadOnlyTransaction(route.node());
        Connection f = conn.follower(route.node());
        var outstanding = conn.client().positions().outstanding(route.node());
        outstanding.incrementAndGet();
        try {
            boolean rs = backends.execute(f, info.sql(), values, result);
            if (route.consistency() instanceof ConsistencyLevel.Monotonic) {
                // Read after the query, so the recorded position is at least what the query saw.
                conn.consistency().position().recordRead(LogSchema.appliedLsn(f));
            } else {
                conn.consistency().position().recordRead(route.requiredLsn());
            }
            return rs;
        } finally {
            outstanding.decrementAndGet();
        }
    }
}
