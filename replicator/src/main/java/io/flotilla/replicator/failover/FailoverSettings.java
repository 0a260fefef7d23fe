package io.flotilla.replicator.failover;

import io.flotilla.replicator.config.ClusterProperty;
import io.flotilla.routing.config.ConfigException;
import io.flotilla.routing.config.TypedConfig;

/**
 * How the failover manager watches the leader.
 *
 * @param heartbeatMs how often the leader (and every node's epoch) is checked
 * @param timeoutMs how long the leader may go without a successful heartbeat before it is declared failed
 * @param auto whether a failed leader is replaced automatically
 * @param minIntervalMs the least time between two automatic failovers
 */
public record FailoverSettings(int heartbeatMs, int timeoutMs, boolean auto, long minIntervalMs) {

    public FailoverSettings {
        if (heartbeatMs < 10) {
            throw new ConfigException(ClusterProperty.FAILOVER_HEARTBEAT_MS.key(), "must be at least 10 (ms), was " + heartbeatMs);
        }
        if (timeoutMs < heartbeatMs) {
            throw new ConfigException(ClusterProperty.FAILOVER_TIMEOUT_MS.key(),
                    "must be at least failover.heartbeat-ms (" + heartbeatMs + "), was " + timeoutMs);
        }
        if (minIntervalMs < 0) {
            throw new ConfigException(ClusterProperty.FAILOVER_MIN_INTERVAL_MS.key(), "must not be negative, was " + minIntervalMs);
        }
    }

    /** Reads the failover keys of a validated configuration. */
    public static FailoverSettings from(TypedConfig c) {
        return new FailoverSettings(c.integer(ClusterProperty.FAILOVER_HEARTBEAT_MS), c.integer(ClusterProperty.FAILOVER_TIMEOUT_MS),
                c.bool(ClusterProperty.FAILOVER_AUTO), c.longValue(ClusterProperty.FAILOVER_MIN_INTERVAL_MS));
    }
}
