package io.flotilla.routing.route;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Picks the freshest follower: highest applied LSN, then lowest lag, then name so that ties are deterministic. */
public final class LeastLagBalancer implements LoadBalancer {

    private static final Comparator<NodeView> FRESHEST_FIRST = Comparator
            .comparingLong(NodeView::appliedLsn).reversed()
            .thenComparingLong(NodeView::lagMillis)
            .thenComparing(NodeView::name);

    @Override
    public Optional<NodeView> choose(List<NodeView> candidates) {
        return candidates.stream().min(FRESHEST_FIRST);
    }
}
