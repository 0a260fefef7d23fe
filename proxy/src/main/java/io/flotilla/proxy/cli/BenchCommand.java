package io.flotilla.proxy.cli;

import io.flotilla.replicator.bench.ReplicationBench;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the replication benchmark on a fresh embedded 3-node cluster. */
@Command(name = "bench", description = "Benchmark the binlog on a temporary embedded cluster (writes with/without log, apply rate, lag).")
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--seconds", defaultValue = "4", description = "Seconds per measured round (default 4).")
    int seconds;

    @Option(names = "--rounds", defaultValue = "5", description = "Interleaved rounds per thread count (default 5).")
    int rounds;

    @Override
    public Integer call() throws Exception {
        try (TempCluster t = new TempCluster(3, Map.of())) {
            t.cluster().start();
            new ReplicationBench(t.cluster(), System.out, seconds, rounds).run();
        }
        return 0;
    }
}
