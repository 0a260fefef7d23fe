package io.flotilla.replicator.sync;

/**
 * Counters of one writer process's acknowledgement tracker.
 *
 * @param acks commits acknowledged by their synchronous followers
 * @param asyncAcks commits acknowledged without them because commits had fallen back to async
 * @param fallbacks fallbacks to async this process decided (the cluster-wide count is in {@code flotilla.replication})
 * @param recoveries returns from async to the configured mode this process decided
 * @param promotions asynchronous followers this process made synchronous (semi-sync)
 * @param blockedWarnings warnings about commits blocked past the timeout ({@code on-sync-timeout=block})
 */
public record SyncMetrics(long acks, long asyncAcks, long fallbacks, long recoveries, long promotions, long blockedWarnings) {
}
