package io.flotilla.replicator.apply;

/**
 * A follower applier's observable state.
 *
 * @param appliedLsn the follower's applied position
 * @param appliedCreatedMicros the leader creation time of the last applied entry
 * @param lastError the last error, or null
 */
public record ApplierStatus(String node, Health health, long appliedLsn, long appliedCreatedMicros, String lastError) {

    /** How an applier is doing. */
    public enum Health { STARTING, RUNNING, DOWN, ERROR, STOPPED }
}
