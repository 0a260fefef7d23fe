package io.flotilla.routing.sql;

/** Categories of constructs that MySQL considers unsafe for statement-based replication. */
public enum UnsafeKind {
    LIMIT_WITHOUT_ORDER_BY, NONDETERMINISTIC_FUNCTION, USER_DEFINED_FUNCTION, SYSTEM_VARIABLE,
    USER_VARIABLE, XA, STORED_PROCEDURE_CALL, LOAD_DATA, TEMPORARY_TABLE, SKIP_LOCKED, UNORDERED_INSERT_SELECT
}
