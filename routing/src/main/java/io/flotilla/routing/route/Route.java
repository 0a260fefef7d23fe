package io.flotilla.routing.route;

import java.util.Objects;

/**
 * A routing decision: where a statement goes and why.
 *
 * <p>{@code node} is null for the leader, so that a caller never has to know the leader's name to act on a
 * decision. {@code mustWait} with {@code requiredLsn} means "no follower is fresh enough yet": the caller may wait
 * (up to its configured limit) for a follower to reach {@code requiredLsn} and route again, or use the leader.
 * {@code reason} is a short, stable, machine-friendly string for logs and metrics.
 */
public record Route(Target target, String node, String reason, ConsistencyLevel consistency, long requiredLsn,
                    boolean mustWait) {

    /** The kind of node a statement goes to. */
    public enum Target { LEADER, FOLLOWER }

    public Route {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(consistency, "consistency");
        if (target == Target.LEADER && node != null) {
            throw new IllegalArgumentException("a leader route names no node, got " + node);
        }
        if (target == Target.FOLLOWER && node == null) {
            throw new IllegalArgumentException("a follower route must name its node");
        }
        if (requiredLsn < 0) {
            throw new IllegalArgumentException("requiredLsn must not be negative: " + requiredLsn);
        }
    }

    /** The leader, with nothing to wait for. */
    public static Route leader(String reason, ConsistencyLevel consistency) {
        return new Route(Target.LEADER, null, reason, consistency, 0, false);
    }

    /** A follower that already satisfies {@code requiredLsn}. */
    public static Route follower(String node, String reason, ConsistencyLevel consistency, long requiredLsn) {
        return new Route(Target.FOLLOWER, node, reason, consistency, requiredLsn, false);
    }

    /** True when the statement goes to the leader. */
    public boolean toLeader() {
        return target == Target.LEADER;
    }
}
