package io.flotilla.replicator.log;

/**
 * What a logged write returned.
 *
 * @param updateCount rows affected, or -1 for statements without a count
 * @param lastInsertId LAST_INSERT_ID() on the leader after the statement
 * @param lsn the LSN of the committed entry, or 0 while the statement waits in an open transaction
 */
public record WriteResult(long updateCount, long lastInsertId, long lsn) {
}
