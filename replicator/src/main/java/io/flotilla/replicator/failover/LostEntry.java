package io.flotilla.replicator.failover;

import java.util.List;

/** A log entry the old leader committed (and acknowledged) that never reached the new leader. */
public record LostEntry(long lsn, long epoch, long createdMicros, List<String> statements) {

    public LostEntry {
        statements = List.copyOf(statements);
    }
}
