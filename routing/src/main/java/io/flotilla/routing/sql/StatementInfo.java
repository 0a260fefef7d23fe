package io.flotilla.routing.sql;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Everything the replicator and router need to know about one statement. */
public record StatementInfo(
        String sql,
        StatementKind kind,
        boolean write,
        boolean implicitCommit,
        boolean lockingRead,
        boolean usesTime,
        boolean usesRand,
        boolean usesLastInsertId,
        boolean usesLocks,
        boolean temporaryTable,
        Set<String> tables,
        List<Unsafe> unsafe,
        List<Rewrite> rewrites,
        Hints hints,
        TransactionStart txStart) {

    public StatementInfo {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(kind, "kind");
        // insertion order is kept so that table lists read naturally in logs
        tables = Collections.unmodifiableSet(new LinkedHashSet<>(tables));
        unsafe = List.copyOf(unsafe);
        rewrites = List.copyOf(rewrites);
        hints = hints == null ? Hints.NONE : hints;
    }

    /** True when at least one unsafe construct was found. */
    public boolean isUnsafe() {
        return !unsafe.isEmpty();
    }

    /** A copy with a different table set (used when a more exact extractor is available). */
    public StatementInfo withTables(Set<String> newTables) {
        return new StatementInfo(sql, kind, write, implicitCommit, lockingRead, usesTime, usesRand,
                usesLastInsertId, usesLocks, temporaryTable, newTables, unsafe, rewrites, hints, txStart);
    }
}
