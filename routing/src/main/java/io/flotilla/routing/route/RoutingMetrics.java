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

    // Fixed counters and maps keyed by the raw reason and node: a decision costs no string building (hot path).
    private final LongAdder decisions = new LongAdder();
    private final LongAdder leader = new LongAdder();
    private final LongAdder follower = new LongAdder();
    private final LongAdder mustWait = new LongAdder();
    private final ConcurrentHashMap<String, LongAdder> byReason = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> byNode = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> counters = new ConcurrentHashMap<>();

    /** Counts one decision under every key it belongs to. */
    public void record(Route route) {
        decisions.increment();
        adder(byReason, route.reason()).increment();
        (route.toLeader() ? leader : follower).increment();
        if (route.node() != null) {
            adder(byNode, route.node()).increment();
        }
        if (route.mustWait()) {
            mustWait.increment();
        }
    }

    private static LongAdder adder(ConcurrentHashMap<String, LongAdder> map, String key) {
        LongAdder a = map.get(key);
        return a != null ? a : map.computeIfAbsent(key, k -> new LongAdder());
    }

    /** Adds one to a counter, creating it on first use. */
    public void increment(String key) {
        adder(counters, key).increment();
    }

    /** The current value of one counter, 0 if it was never incremented. */
    public long get(String key) {
        Long v = snapshot().get(key);
        return v == null ? 0 : v;
    }

    /** A sorted, unmodifiable copy of all counters; concurrent increments may or may not be included. */
    public Map<String, Long> snapshot() {
        Map<String, Long> copy = new TreeMap<>();
        counters.forEach((k, v) -> copy.put(k, v.sum()));
        putIfCounted(copy, "decisions", decisions);
        putIfCounted(copy, "target.leader", leader);
        putIfCounted(copy, "target.follower", follower);
        putIfCounted(copy, "must-wait", mustWait);
        byReason.forEach((k, v) -> copy.put("reason." + k, v.sum()));
        byNode.forEach((k, v) -> copy.put("node." + k, v.sum()));
        return Collections.unmodifiableMap(copy);
    }

    private static void putIfCounted(Map<String, Long> copy, String key, LongAdder a) {
        long v = a.sum();
        if (v > 0) {
            copy.merge(key, v, Long::sum);
        }
    }
}
