package io.flotilla.proxy.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;

/**
 * The point-select benchmarks as interleaved rounds: each round runs Flotilla and direct back to back (alternating which
 * goes first) as separate JMH runs, and the ratio is taken within the round. On a shared machine whose speed drifts by
 * tens of percent over minutes, a ratio of two runs minutes apart measures the drift; adjacent runs do not.
 */
final class PointSelectRounds {
    private final Supplier<ChainedOptionsBuilder> options;
    private final PrintStream out;

    PointSelectRounds(Supplier<ChainedOptionsBuilder> options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /** Runs {@code rounds} rounds at 1 and at 8 threads and prints each round and the median ratios. */
    void run(int rounds) throws RunnerException {
        for (String threads : List.of("T1", "T8")) {
            List<Double> ratios = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                List<String> order = r % 2 == 0 ? List.of("Flotilla", "Direct") : List.of("Direct", "Flotilla");
                double flotilla = 0;
                double direct = 0;
                for (String side : order) {
                    double score = score("pointSelect" + side + threads);
                    if (side.equals("Flotilla")) {
                        flotilla = score;
                    } else {
                        direct = score;
                    }
                }
                ratios.add(flotilla / direct);
                out.printf("round %d, %s: Flotilla %.0f ops/s, direct %.0f ops/s, ratio %.3f%n", r + 1, threads, flotilla, direct,
                        flotilla / direct);
            }
            double[] a = ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            out.printf("point select %s: median Flotilla/direct over %d interleaved rounds %.3f (rounds: %s)%n", threads, rounds,
                    median(a), Arrays.toString(ratios.stream().map(x -> String.format("%.2f", x)).toArray()));
        }
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private double score(String method) throws RunnerException {
        Collection<RunResult> results = new Runner(options.get()
                .include(Pattern.quote(PointSelectBenchmark.class.getName() + "." + method) + "$").build()).run();
        return results.iterator().next().getPrimaryResult().getScore();
    }
}
