package io.flotilla.replicator.log;

import java.util.List;

/**
 * One committed write transaction of the leader-ordered binlog.
 *
 * @param lsn the log sequence number: log order is a valid commit order
 * @param epoch the leader epoch that wrote it (fencing token)
 * @param createdMicros when the leader wrote it, for lag in milliseconds
 */
public record LogEntry(long lsn, long epoch, long createdMicros, List<LoggedStatement> statements) {

    public LogEntry {
        statements = List.copyOf(statements);
    }

    /** Whether the entry is a single DDL statement. */
    public boolean isDdl() {
        return statements.size() == 1 && statements.get(0).ddl();
    }
}
