package io.flotilla.routing.route;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Thread-safe counters of routing decisions: {@code decisions}, {@code reason.<reason>}, {@code target.leader},
 * {@code target.follower}, {@code node.<name>} and {@code must-wait} for routes that ask the caller to wait for a follower.
 */
public final class RoutingMetrics {

    private final ConcurrentHashMap<String, LongAdder> counters = new ConcurrentHashMap<>();

    /** Counts one decision under every key it belongs to. */
    public void record(Route route) {
        increment("decisions");
        increment("reason." + route.reason());
        increment("target." + (route.toLeader() ? "leader" : "follower"));
        if (route.node() != null) {
            increment("node." + route.node());
        }
        if (route.mustWait()) {
            increment("must-wait");
        }
    }

    /** Adds one to a counter, creating it on first use. */
    public void increment(String key) {
        counters.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    /** The current value of one counter, 0 if it was never incremented. */
    public long get(String key) {
        LongAdder a = counters.get(key);
        return a == null ? 0 : a.sum();
    }

    /** A sorted, unmodifiable copy of all counters; concurrent increments may or may not be included. */
    public Map<String, Long> snapshot() {
        Map<String, Long> copy = new TreeMap<>();
        counters.forEach((k, v) -> copy.put(k, v.sum()));
        return Collections.unmodifiableMap(copy);
    }
}
