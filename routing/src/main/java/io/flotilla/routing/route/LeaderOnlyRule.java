package io.flotilla.routing.route;

import io.flotilla.routing.sql.StatementInfo;
import io.flotilla.routing.sql.StatementKind;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Sends to the leader everything that changes data or session state, takes locks, depends on the leader's
 * session (LAST_INSERT_ID, GET_LOCK), runs inside a read-write transaction, or is not known to be a plain read.
 */
final class LeaderOnlyRule implements RouteRule {

    /** Kinds that are follower-eligible; anything else goes to the leader even if no flag caught it. */
    static final Set<StatementKind> FOLLOWER_ELIGIBLE = EnumSet.of(StatementKind.SELECT, StatementKind.SHOW,
            StatementKind.EXPLAIN);
    private static final Set<StatementKind> TRANSACTION_CONTROL = EnumSet.of(StatementKind.BEGIN,
            StatementKind.COMMIT, StatementKind.ROLLBACK, StatementKind.SAVEPOINT,
            StatementKind.ROLLBACK_TO_SAVEPOINT, StatementKind.RELEASE_SAVEPOINT);
    private static final Set<StatementKind> LEADER_KINDS = EnumSet.of(StatementKind.CALL, StatementKind.DO,
            StatementKind.XA, StatementKind.LOCK_TABLES, StatementKind.UNLOCK_TABLES, StatementKind.SET,
            StatementKind.USE, StatementKind.OTHER, StatementKind.EMPTY);

    @Override
    public Optional<Route> route(StatementInfo s, RouteContext c) {
        String reason = reason(s, c);
        return reason == null ? Optional.empty() : Optional.of(Route.leader(reason, c.sessionLevel()));
    }

    private static String reason(StatementInfo s, RouteContext c) {
        StatementKind kind = s.kind();
        if (kind == StatementKind.DDL) {
            return "ddl";
        }
        if (s.write()) {
            return "write";
        }
        if (TRANSACTION_CONTROL.contains(kind)) {
            // a pinned read-only transaction lives on its follower, so it must also end there
            boolean pinned = c.inReadOnlyTransaction() && c.pinnedNode() != null && kind != StatementKind.BEGIN;
            return pinned ? null : "transaction-control";
        }
        if (LEADER_KINDS.contains(kind)) {
            return "kind:" + kind.name().toLowerCase(Locale.ROOT);
        }
        if (s.implicitCommit()) {
            return "implicit-commit";
        }
        if (s.lockingRead()) {
            return "locking-read";
        }
        if (s.usesLastInsertId()) {
            return "last-insert-id";
        }
        if (s.usesLocks()) {
            return "user-lock";
        }
        if (s.temporaryTable()) {
            return "temporary-table";
        }
        if (c.inReadWriteTransaction()) {
            return "transaction";
        }
        return FOLLOWER_ELIGIBLE.contains(kind) ? null : "unclassified";
    }
}
