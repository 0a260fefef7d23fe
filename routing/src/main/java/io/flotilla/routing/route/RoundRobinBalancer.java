package io.flotilla.routing.route;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** Takes the candidates in turn, using one shared counter. */
public final class RoundRobinBalancer implements LoadBalancer {

    private final AtomicLong counter;

    public RoundRobinBalancer() {
        this(0);
    }

    /** Starts the counter at {@code start}; tests use values near overflow. */
    RoundRobinBalancer(long start) {
        this.counter = new AtomicLong(start);
    }

    @Override
    public Optional<NodeView> choose(List<NodeView> candidates) {
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(candidates.get(nextIndex(candidates.size())));
    }

    /** The next index in [0, size); floorMod stays in range when the counter wraps to negative values. */
    int nextIndex(int size) {
        return (int) Math.floorMod(counter.getAndIncrement(), (long) size);
    }
}
