package io.flotilla.proxy.cli;

import io.flotilla.replicator.cluster.FlotillaCluster;
import io.flotilla.replicator.cluster.NodeStatus;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Prints one row per node: name, address, role, epoch, applied LSN, lag, health. */
@Command(name = "status", description = "Show each node's role, epoch, applied LSN, lag and health.")
final class StatusCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "CONFIG", description = "The properties file.")
    Path config;

    @Override
    public Integer call() {
        List<NodeStatus> rows = new FlotillaCluster(ConfigFile.load(config).cluster()).status();
        print(rows, System.out);
        return rows.stream().anyMatch(r -> r.health().startsWith("down")) ? 3 : 0;
    }

    static void print(List<NodeStatus> rows, PrintStream out) {
        out.printf("%-8s %-21s %-9s %5s %12s %11s %9s  %s%n", "NODE", "ADDRESS", "ROLE", "EPOCH", "APPLIED_LSN", "LAG_ENTRIES", "LAG_MS", "HEALTH");
        for (NodeStatus r : rows) {
            out.printf("%-8s %-21s %-9s %5d %12d %11s %9s  %s%n", r.name(), r.address(), r.role(), r.epoch(), r.appliedLsn(),
                    r.lagEntries() < 0 ? "-" : Long.toString(r.lagEntries()), r.lagMs() < 0 ? "-" : Long.toString(r.lagMs()), r.health());
        }
    }
}
