package io.flotilla.routing.sql;

import java.util.Objects;

/** One construct in a statement that makes statement-based replication unsafe. */
public record Unsafe(UnsafeKind kind, String construct) {

    public Unsafe {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(construct, "construct");
    }

    /** Human-readable description naming the construct, e.g. "function LOAD_FILE()". */
    public String message() {
        return switch (kind) {
            case LIMIT_WITHOUT_ORDER_BY -> construct + " with LIMIT but no ORDER BY";
            case NONDETERMINISTIC_FUNCTION -> "function " + construct + "()";
            case USER_DEFINED_FUNCTION -> "user-defined function " + construct + "()";
            case SYSTEM_VARIABLE -> "system variable " + construct;
            case USER_VARIABLE -> "user variable " + construct;
            case XA -> construct + " statement";
            case STORED_PROCEDURE_CALL -> "stored procedure call " + construct;
            case LOAD_DATA -> construct + " statement";
            case TEMPORARY_TABLE -> construct + " statement";
            case SKIP_LOCKED -> "locking clause " + construct;
            case UNORDERED_INSERT_SELECT -> construct + " without ORDER BY";
        };
    }
}
