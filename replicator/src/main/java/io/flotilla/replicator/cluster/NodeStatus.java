package io.flotilla.replicator.cluster;

/**
 * One row of {@code flotilla status}.
 *
 * @param appliedLsn for the leader its newest LSN, for a follower its applied position
 * @param lagEntries committed leader entries the node has not applied
 * @param lagMs how long the oldest unapplied entry has waited, 0 when caught up
 * @param health {@code ok}, {@code catching-up}, or {@code down: <reason>}
 */
public record NodeStatus(String name, String address, String role, long epoch, long appliedLsn, long lagEntries, long lagMs, String health) {
}
