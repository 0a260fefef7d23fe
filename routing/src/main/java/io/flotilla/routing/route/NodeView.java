package io.flotilla.routing.route;

import java.util.Objects;

/**
 * What the router knows of one node at decision time: its role, health, applied LSN, epoch, replication lag
 * and the number of statements it is currently serving for this process.
 */
public record NodeView(String name, boolean leader, boolean healthy, long appliedLsn, long epoch, long lagMillis,
                       int outstanding) {

    public NodeView {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("node name must not be blank");
        }
    }

    /**
     * Whether this node may serve a follower read that needs {@code requiredLsn} applied, the session's
     * {@code sessionEpoch} (an older epoch means it has not yet followed a failover the session already saw) and a
     * lag of at most {@code maxLagMillis}.
     */
    public boolean servesFollowerRead(long requiredLsn, long sessionEpoch, long maxLagMillis) {
        return !leader && healthy && epoch >= sessionEpoch && appliedLsn >= requiredLsn && lagMillis <= maxLagMillis;
    }
}
