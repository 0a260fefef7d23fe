package io.flotilla.proxy.bench;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the driver's JMH benchmarks in one JMH run with short settings and prints the table and the ratios. */
@Command(name = "bench-driver", description = "JMH benchmarks of the JDBC driver on a temporary embedded 3-node cluster:"
        + " point select Flotilla vs direct (1 and 8 threads), statement classification hit/miss, write-then-read"
        + " read-your-writes vs leader-only.")
public final class BenchDriverCommand implements Callable<Integer> {

    @Option(names = "--forks", defaultValue = "1", description = "JMH forks per benchmark; each fork starts its own cluster (default 1).")
    int forks;

    // With 8 benchmark threads and three servers on two cores the JIT compiler thread gets little CPU: the driver's
    // path (routing plus Connector/J) took about 20 s to reach its steady CPU per operation, plain Connector/J about 8 s
    // (user and system time of the benchmark threads from /proc, per iteration). A shorter warmup measures compilation,
    // not the driver. CpuPerOpProfiler's figures need at least 2 measurement iterations: JMH calls its hook for the last
    // one after the trial's teardown has stopped the servers, so that iteration gives none.
    @Option(names = "--warmup-iterations", defaultValue = "5", description = "Warmup iterations (default 5).")
    int warmupIterations;

    @Option(names = "--warmup-seconds", defaultValue = "4", description = "Seconds per warmup iteration (default 4).")
    int warmupSeconds;

    @Option(names = "--iterations", defaultValue = "3", description = "Measurement iterations (default 3).")
    int iterations;

    @Option(names = "--seconds", defaultValue = "3", description = "Seconds per measurement iteration (default 3).")
    int seconds;

    @Option(names = "--include", description = "Only benchmarks whose name matches this regex (default: all driver benchmarks).")
    String include;

    @Option(names = "--rounds", defaultValue = "0", description = "Instead of one JMH run: this many interleaved rounds of the"
            + " point-select benchmarks, Flotilla and direct back to back, ratios taken within each round (default 0: off).")
    int rounds;

    @Option(names = "--prof", description = "A JMH profiler to add, e.g. stack or gc (repeatable).")
    List<String> profilers = List.of();

    @Override
    public Integer call() throws Exception {
        if (rounds > 0) {
            new PointSelectRounds(this::options, System.out).run(rounds);
            return 0;
        }
        ChainedOptionsBuilder b = options();
        if (include != null) {
            b.include(include);
        } else {
            for (Class<?> c : List.of(PointSelectBenchmark.class, ClassifyBenchmark.class, WriteThenReadBenchmark.class)) {
                b.include(Pattern.quote(c.getName() + "."));
            }
        }
        Collection<RunResult> results = new Runner(b.build()).run();
        new DriverBenchReport(results).print(System.out);
        return 0;
    }

    private ChainedOptionsBuilder options() {
        ChainedOptionsBuilder b = new OptionsBuilder()
                .forks(forks)
                .warmupIterations(warmupIterations)
                .warmupTime(TimeValue.seconds(warmupSeconds))
                .measurementIterations(iterations)
                .measurementTime(TimeValue.seconds(seconds))
                // A stale read-your-writes read or a SQL error must fail the run, not leave a hole in the table.
                .shouldFailOnError(true)
                // Three embedded MariaDB servers per fork log every startup line at INFO, burying the JMH output.
                .jvmArgsAppend("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        profilers.forEach(b::addProfiler);
        return b;
    }
}
