package io.flotilla.replicator.provision;

import io.flotilla.replicator.log.LogEntry;
import java.util.List;

/**
 * Where a leader snapshot stands in the log.
 *
 * @param lsn P, the newest entry visible in the snapshot (0 for an empty log); catch-up continues after it
 * @param epoch the epoch of entry P
 * @param createdMicros the creation time of entry P
 * @param floor the LSN below which every entry was known resolved; the scan for late entries covered (floor, P]
 * @param late entries below P that committed after the snapshot: not in the copy, applied before catch-up starts
 */
public record SnapshotPosition(long lsn, long epoch, long createdMicros, long floor, List<LogEntry> late) {

    public SnapshotPosition {
        late = List.copyOf(late);
    }
}
