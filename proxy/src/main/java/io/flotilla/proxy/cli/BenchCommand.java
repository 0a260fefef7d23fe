package io.flotilla.proxy.cli;

import io.flotilla.replicator.bench.ReplicationBench;
import io.flotilla.replicator.bench.SyncLatencyBench;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the replication benchmark on a fresh embedded 3-node cluster, then sync-versus-async commit latency on another. */
@Command(name = "bench", description = "Benchmark the binlog on a temporary embedded cluster (writes with/without log, apply rate, lag,"
        + " sync vs async commit latency).")
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--seconds", defaultValue = "4", description = "Seconds per measured round (default 4).")
    int seconds;

    @Option(names = "--rounds", defaultValue = "5", description = "Interleaved rounds per thread count (default 5).")
    int rounds;

    @Option(names = "--only", description = "Run only one part: replication or sync-latency (default: both).")
    String only;

    @Override
    public Integer call() throws Exception {
        if (only != null && !only.equals("replication") && !only.equals("sync-latency")) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--only must be replication or sync-latency, not '" + only + "'");
        }
        if (only == null || only.equals("replication")) {
            try (TempCluster t = new TempCluster(3, Map.of())) {
                t.cluster().start();
                new ReplicationBench(t.cluster(), System.out, seconds, rounds).run();
            }
        }
        if (only == null || only.equals("sync-latency")) {
            // A cluster in sync mode, so its appliers poll as they do in production sync mode; the async writer runs on
            // the same cluster, interleaved, so both sides see the same machine.
            try (TempCluster t = new TempCluster(3, Map.of("replication.mode", "sync"))) {
                t.cluster().start();
                t.cluster().startReplication();
                new SyncLatencyBench(t.cluster(), System.out, seconds, rounds).run();
            }
        }
        return 0;
    }
}
