package io.flotilla.replicator.failover;

/**
 * One row of {@code flotilla.epochs}: from {@code startLsn + 1} on, the log belongs to {@code leader}'s epoch.
 *
 * @param startLsn the new leader's applied position when it was promoted (the last LSN of the previous epochs)
 */
public record EpochRecord(long epoch, String leader, long startLsn, long createdMicros) {
}
