package io.flotilla.replicator.cluster;

import io.flotilla.replicator.apply.LogReader;
import io.flotilla.replicator.failover.Metadata;
import io.flotilla.replicator.log.LogSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads each node's role, epoch, position and lag straight from the databases. */
final class ClusterStatus {

    private ClusterStatus() {
    }

    static List<NodeStatus> read(Nodes nodes) {
        Bootstrap.ClusterRecord newest = new Bootstrap.ClusterRecord(0, null);
        // Each node's own record, read once: the rows below report the epoch this pass compared.
        Map<String, Bootstrap.ClusterRecord> records = new HashMap<>();
        for (String n : nodes.names()) {
            try (Connection c = nodes.replicator(n)) {
                Bootstrap.ClusterRecord r = Bootstrap.clusterRecord(c);
                records.put(n, r);
                newest = newest.newer(r);
            } catch (SQLException e) {
                // Unreachable nodes are reported below.
            }
        }
        String leader = newest.leader();
        long epoch = newest.epoch();
        Map<String, FollowerProvisioning.Member> members = Map.of();
        if (leader != null) {
            // Followers added at run time are listed on the leader, not in the configuration file.
            try (Connection c = nodes.replicator(leader)) {
                members = FollowerProvisioning.members(c);
                members.values().forEach(m -> nodes.register(m.name(), m.address()));
            } catch (SQLException e) {
                // The leader is reported as down below.
            }
        }
        long head = -1;
        Connection leaderConn = null;
        List<NodeStatus> out = new ArrayList<>();
        try {
            if (leader != null) {
                try {
                    leaderConn = nodes.replicator(leader);
                    head = LogSchema.head(leaderConn);
                } catch (SQLException e) {
                    leaderConn = null;
                }
            }
            Map<String, Metadata.Exclusion> excluded = Map.of();
            if (leaderConn != null) {
                try {
                    excluded = Metadata.excluded(leaderConn);
                } catch (SQLException e) {
                    // Status is best effort.
                }
            }
            for (String n : nodes.names()) {
                String addr = nodes.address(n).toString();
                Metadata.Exclusion x = excluded.get(n);
                if (x != null) {
                    out.add(new NodeStatus(n, addr, "excluded", x.epoch(), -1, -1, -1, "excluded: " + x.reason()
                            + " (lost LSNs " + x.lostLsns() + ")"));
                    continue;
                }
                boolean isLeader = n.equals(leader);
                String role = isLeader ? "leader" : "follower";
                try (Connection c = nodes.replicator(n)) {
                    Bootstrap.ClusterRecord own = records.get(n);
                    long nodeEpoch = (own != null ? own : Bootstrap.clusterRecord(c)).epoch();
                    if (isLeader) {
                        out.add(new NodeStatus(n, addr, role, nodeEpoch, head, 0, 0, "ok"));
                        continue;
                    }
                    long applied = LogSchema.appliedLsn(c);
                    if (nodeEpoch < epoch) {
                        out.add(new NodeStatus(n, addr, role, nodeEpoch, applied, -1, -1,
                                "stale: missed epoch " + epoch + "; read-only until reconciled by the failover manager"));
                        continue;
                    }
                    if (leaderConn == null) {
                        out.add(new NodeStatus(n, addr, role, nodeEpoch, applied, -1, -1, "ok (leader unreachable)"));
                        continue;
                    }
                    long[] h = LogReader.headAndNextCreated(leaderConn, applied);
                    long lagEntries = h[2];
                    long lagMs = lagEntries == 0 ? 0 : Math.max(0, System.currentTimeMillis() - h[1] / 1000);
                    String health = lagEntries == 0 ? "ok" : "catching-up";
                    var m = members.get(n);
                    if (m != null && FollowerProvisioning.PROVISIONING.equals(m.state())) {
                        health = "provisioning (not routed)";
                    }
                    out.add(new NodeStatus(n, addr, role, nodeEpoch, applied, lagEntries, lagMs, health));
                } catch (SQLException e) {
                    String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
                    out.add(new NodeStatus(n, addr, role, 0, -1, -1, -1, "down: " + msg));
                }
            }
        } finally {
            if (leaderConn != null) {
                try {
                    leaderConn.close();
                } catch (SQLException ignored) {
                    // Status is best effort.
                }
            }
        }
        return out;
    }
}
