package io.flotilla.replicator.log;

import java.util.List;

/**
 * One statement of a log entry with the context that makes its replay deterministic.
 *
 * @param schema the current schema when it ran (null: none)
 * @param timestampMicros the {@code SET TIMESTAMP} value in microseconds since the epoch
 * @param insertId the {@code insert_id} to set before replay (LAST_INSERT_ID() after the statement), 0 for none
 * @param randSeed1 the {@code rand_seed1} value, or -1 when the statement does not call RAND()
 * @param session session settings that differ from the server defaults (null when default)
 * @param ddl whether the statement is DDL (implicit commit) and is applied outside the batch transaction
 */
public record LoggedStatement(
        String sql,
        List<Object> params,
        String schema,
        long timestampMicros,
        long insertId,
        long randSeed1,
        long randSeed2,
        SessionSettings session,
        boolean ddl) {

    public LoggedStatement {
        params = List.copyOf(params.stream().map(p -> p == null ? NullValue.INSTANCE : p).toList());
    }

    /** Whether RAND() seeds were captured. */
    public boolean hasRandSeeds() {
        return randSeed1 >= 0;
    }

    /** The parameter at {@code i}, with SQL NULL as Java null. */
    public Object param(int i) {
        Object o = params.get(i);
        return o == NullValue.INSTANCE ? null : o;
    }

    /** A stand-in for SQL NULL, since immutable lists refuse null elements. */
    public enum NullValue { INSTANCE }
}
