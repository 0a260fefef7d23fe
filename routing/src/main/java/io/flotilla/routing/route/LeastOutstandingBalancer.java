package io.flotilla.routing.route;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Picks the follower with the fewest statements in flight; ties are taken in turn so that idle nodes share load. */
public final class LeastOutstandingBalancer implements LoadBalancer {

    private final RoundRobinBalancer tieBreaker;

    public LeastOutstandingBalancer() {
        this(new RoundRobinBalancer());
    }

    LeastOutstandingBalancer(RoundRobinBalancer tieBreaker) {
        this.tieBreaker = tieBreaker;
    }

    @Override
    public Optional<NodeView> choose(List<NodeView> candidates) {
        int fewest = Integer.MAX_VALUE;
        List<NodeView> tied = new ArrayList<>();
        for (NodeView n : candidates) {
            if (n.outstanding() < fewest) {
                fewest = n.outstanding();
                tied.clear();
            }
            if (n.outstanding() == fewest) {
                tied.add(n);
            }
        }
        return tieBreaker.choose(tied);
    }
}
