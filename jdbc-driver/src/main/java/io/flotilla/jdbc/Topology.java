package io.flotilla.jdbc;

import io.flotilla.routing.config.HostPort;
import java.util.Map;

/**
 * What the cluster says about itself: its members, the leader and the epoch (the highest epoch seen wins).
 */
public record Topology(Map<String, HostPort> nodes, String leader, long epoch, String clusterId) {

    public Topology {
        nodes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(nodes));
    }

    /** The follower names. */
    public java.util.List<String> followers() {
        return nodes.keySet().stream().filter(n -> !n.equals(leader)).toList();
    }
}
