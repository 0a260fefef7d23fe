package io.flotilla.routing.sql;

/** The kind of a single SQL statement, decided by its leading keyword(s). */
public enum StatementKind {
    SELECT, INSERT, REPLACE, UPDATE, DELETE, LOAD_DATA, DDL, BEGIN, COMMIT, ROLLBACK,
    SAVEPOINT, ROLLBACK_TO_SAVEPOINT, RELEASE_SAVEPOINT, SET, USE, SHOW, EXPLAIN, CALL, DO, LOCK_TABLES,
    UNLOCK_TABLES, XA, OTHER, EMPTY;

    /** True for data-manipulation statements that change rows. */
    public boolean isDml() {
        return this == INSERT || this == REPLACE || this == UPDATE || this == DELETE || this == LOAD_DATA;
    }
}
