package io.flotilla.routing.route;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Finds the followers fresh enough for a consistency level and lets the balancer pick one. */
final class FollowerSelector {

    private final LoadBalancer balancer;

    FollowerSelector(LoadBalancer balancer) {
        this.balancer = Objects.requireNonNull(balancer, "balancer");
    }

    /** The LSN a follower must have applied for {@code level}; 0 when any position will do. */
    static long requiredLsn(ConsistencyLevel level, SessionPosition p) {
        if (level instanceof ConsistencyLevel.Monotonic) {
            return Math.max(p.lastWrite(), p.lastSeen());
        }
        if (level instanceof ConsistencyLevel.Eventual) {
            return 0;
        }
        return p.lastWrite(); // read-your-writes, bounded (and strong, though it never reaches a follower)
    }

    /**
     * A follower route chosen by the balancer among qualifying followers, or a leader route: plain for STRONG
     * and when no follower is healthy, with {@code mustWait} when healthy followers exist but are behind.
     */
    Route select(ConsistencyLevel level, SessionPosition p, List<NodeView> nodes, String reason) {
        if (level instanceof ConsistencyLevel.Strong) {
            return Route.leader("consistency:strong", level);
        }
        long required = requiredLsn(level, p);
        long maxLag = ConsistencyLevel.maxLagMillis(level);
        List<NodeView> candidates = new ArrayList<>();
        boolean anyHealthyFollower = false;
        for (NodeView n : nodes) {
            anyHealthyFollower |= !n.leader() && n.healthy();
            if (n.servesFollowerRead(required, p.epoch(), maxLag)) {
                candidates.add(n);
            }
        }
        Optional<NodeView> chosen = balancer.choose(candidates);
        if (chosen.isPresent()) {
            return Route.follower(chosen.get().name(), reason, level, required);
        }
        if (!anyHealthyFollower) {
            // waiting cannot help when there is nobody to catch up
            return new Route(Route.Target.LEADER, null, "no-healthy-follower", level, required, false);
        }
        return new Route(Route.Target.LEADER, null, "no-follower-qualifies", level, required, true);
    }
}
