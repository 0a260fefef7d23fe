package io.flotilla.replicator.log;

/**
 * What a logged write returned.
 *
 * @param updateCount rows affected, or -1 for statements without a count
 * @param generatedId the first AUTO_INCREMENT value the statement generated (its OK packet's insert id), 0 for none
 * @param lsn the LSN of the committed entry, or 0 while the statement waits in an open transaction
 */
public record WriteResult(long updateCount, long generatedId, long lsn) {
}
