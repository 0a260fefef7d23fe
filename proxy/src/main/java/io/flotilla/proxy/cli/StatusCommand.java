package io.flotilla.proxy.cli;

import io.flotilla.replicator.cluster.FlotillaCluster;
import io.flotilla.replicator.config.ClusterConfig;
import io.flotilla.replicator.cluster.NodeStatus;
import io.flotilla.replicator.sync.SyncSchema;
import io.flotilla.replicator.sync.SyncState;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Prints the replication mode line, then one row per node: name, address, role, epoch, applied LSN, lag, health. */
@Command(name = "status", description = "Show each node's role, epoch, applied LSN, lag and health.")
final class StatusCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "CONFIG", description = "The properties file.")
    Path config;

    @Override
    public Integer call() {
        ClusterConfig cfg = ConfigFile.load(config).cluster();
        FlotillaCluster cluster = new FlotillaCluster(cfg);
        List<NodeStatus> rows = cluster.status();
        System.out.println("replication: " + replication(cluster, rows));
        print(rows, System.out);
        if (rows.stream().anyMatch(r -> r.role().equals("excluded"))) {
            try {
                for (var d : new io.flotilla.replicator.failover.Operator(cfg).divergences()) {
                    System.out.printf("%nLOST WRITES: %s%n%s%n", d.summary(), d.details());
                }
            } catch (java.sql.SQLException e) {
                System.out.println("(lost writes not readable now: " + e.getMessage() + ")");
            }
        }
        try {
            // Rebuilt nodes' lost writes, kept after the wipe: the statements are in flotilla.lost_writes.
            for (var d : new io.flotilla.replicator.failover.Operator(cfg).archivedLostWrites()) {
                System.out.printf("archived lost writes (flotilla.lost_writes): %s%n", d.summary());
            }
        } catch (java.sql.SQLException e) {
            // Status still shows the nodes; an older node may have no archive table.
        }
        return rows.stream().anyMatch(r -> r.health().startsWith("down")) ? 3 : 0;
    }

    /** The leader's replication-mode record in one line, e.g. {@code mode sync (DEGRADED: async since …), synchronous: n2 …}. */
    static String replication(FlotillaCluster cluster, List<NodeStatus> rows) {
        String leader = rows.stream().filter(r -> r.role().equals("leader")).map(NodeStatus::name).findFirst().orElse(null);
        if (leader == null) {
            return "unknown (no leader recorded)";
        }
        try (Connection c = cluster.nodes().replicator(leader)) {
            return SyncSchema.read(c).map(SyncState::describe).orElse("mode async (no flotilla.replication record)");
        } catch (SQLException e) {
            return "unknown (leader " + leader + " unreachable)";
        }
    }

    static void print(List<NodeStatus> rows, PrintStream out) {
        out.printf("%-8s %-21s %-9s %5s %12s %11s %9s  %s%n", "NODE", "ADDRESS", "ROLE", "EPOCH", "APPLIED_LSN", "LAG_ENTRIES", "LAG_MS", "HEALTH");
        for (NodeStatus r : rows) {
            out.printf("%-8s %-21s %-9s %5d %12d %11s %9s  %s%n", r.name(), r.address(), r.role(), r.epoch(), r.appliedLsn(),
                    r.lagEntries() < 0 ? "-" : Long.toString(r.lagEntries()), r.lagMs() < 0 ? "-" : Long.toString(r.lagMs()), r.health());
        }
    }
}
