package io.flotilla.replicator.cluster;

import io.flotilla.replicator.config.ClusterConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Where a starting cluster stands: the leader and epoch of the newest cluster record found on any node, and the epoch
 * each node has recorded.
 */
record StartingPoint(String leader, long epoch, Map<String, Long> epochs) {

    /**
     * Prepares every configured node and reads its cluster record, then those of members added at run time (which may
     * have been promoted since); a fresh cluster takes {@code cluster.leader} at epoch 0.
     */
    static StartingPoint read(ClusterConfig config, Nodes nodes, Bootstrap boot, Membership membership) throws SQLException {
        // A new cluster gets one id on every node; nodes that already have one keep it.
        String clusterId = UUID.randomUUID().toString();
        Map<String, Bootstrap.ClusterRecord> records = new LinkedHashMap<>();
        for (String name : config.nodes().keySet()) {
            boot.prepare(name, config.initialLeader(), clusterId);
            try (Connection c = nodes.replicator(name)) {
                records.put(name, Bootstrap.clusterRecord(c));
            }
        }
        // A follower added at run time is listed on the configured nodes, not in the file: its record counts too, and
        // it must be reachable before the leader is used.
        records.putAll(membership.startListedAtBoot());
        Bootstrap.ClusterRecord newest = new Bootstrap.ClusterRecord(0, config.initialLeader());
        Map<String, Long> epochs = new LinkedHashMap<>();
        for (var r : records.entrySet()) {
            epochs.put(r.getKey(), r.getValue().epoch());
            newest = newest.newer(r.getValue());
        }
        return new StartingPoint(newest.leader(), newest.epoch(), epochs);
    }

    /** The nodes that missed a promotion (an old leader): they must be reconciled before they follow. */
    Set<String> behind() {
        return epochs.entrySet().stream().filter(e -> e.getValue() < epoch).map(Map.Entry::getKey)
                .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    }
}
