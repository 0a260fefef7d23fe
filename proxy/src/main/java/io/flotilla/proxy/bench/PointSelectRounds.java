package io.flotilla.proxy.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;

/**
 * The point-select benchmarks as interleaved rounds: each round runs Flotilla and direct back to back (rotating which
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

    /**
     * Runs {@code rounds} rounds at 1 and at 8 threads and prints each round and the median ratios; at 8 threads each
     * round also runs the spread baseline ({@link PointSelectBenchmark#pointSelectSpreadT8}) and Flotilla reading from
     * the direct baseline's follower ({@link PointSelectBenchmark#pointSelectSameT8}).
     */
    void run(int rounds) throws RunnerException {
        for (String threads : List.of("T1", "T8")) {
            List<String> sides = threads.equals("T8") ? List.of("Flotilla", "Direct", "Spread", "Same") : List.of("Flotilla", "Direct");
            Map<String, List<Score>> bySide = new HashMap<>();
            for (int r = 0; r < rounds; r++) {
                // Rotate the order each round so no side always runs first on a warming machine.
                List<String> order = new ArrayList<>(sides);
                Collections.rotate(order, r);
                Map<String, Score> score = new HashMap<>();
                for (String side : order) {
                    Score s = score("pointSelect" + side + threads);
                    score.put(side, s);
                    bySide.computeIfAbsent(side, k -> new ArrayList<>()).add(s);
                }
                double flotilla = score.get("Flotilla").opsPerSecond();
                double direct = score.get("Direct").opsPerSecond();
                out.printf("round %d, %s: Flotilla %.0f ops/s, direct %.0f ops/s, ratio %.3f", r + 1, threads, flotilla, direct,
                        flotilla / direct);
                if (score.containsKey("Spread")) {
                    double spread = score.get("Spread").opsPerSecond();
                    out.printf("; spread %.0f ops/s, spread/direct %.3f, Flotilla/spread %.3f", spread, spread / direct,
                            flotilla / spread);
                }
                if (score.containsKey("Same")) {
                    double same = score.get("Same").opsPerSecond();
                    out.printf("; Flotilla on direct's follower %.0f ops/s, /direct %.3f", same, same / direct);
                }
                out.println();
                out.printf("  CPU per op (JVM + servers, µs): %s%n", String.join(", ", order.stream()
                        .map(side -> String.format("%s %.1f + %.1f", side, score.get(side).jvmMicros(), score.get(side).serverMicros()))
                        .toList()));
            }
            List<Double> ratios = Medians.ratios(ops(bySide, "Flotilla"), ops(bySide, "Direct"));
            out.printf("point select %s: median Flotilla/direct over %d interleaved rounds %.3f (rounds: %s)%n", threads, rounds,
                    Medians.of(ratios), format(ratios));
            if (bySide.containsKey("Spread")) {
                List<Double> spreadRatios = Medians.ratios(ops(bySide, "Flotilla"), ops(bySide, "Spread"));
                out.printf("point select %s: median Flotilla/spread (plain connections spread over the same followers) %.3f"
                        + " (rounds: %s)%n", threads, Medians.of(spreadRatios), format(spreadRatios));
            }
            if (bySide.containsKey("Same")) {
                List<Double> sameRatios = Medians.ratios(ops(bySide, "Same"), ops(bySide, "Direct"));
                out.printf("point select %s: median Flotilla on the direct baseline's follower/direct (like for like) %.3f"
                        + " (rounds: %s)%n", threads, Medians.of(sameRatios), format(sameRatios));
            }
            for (String side : sides) {
                List<Score> s = bySide.get(side);
                out.printf("point select %s: %s median CPU per op: JVM %.1f µs, servers %.1f µs%n", threads, side,
                        Medians.of(s.stream().map(Score::jvmMicros).toList()),
                        Medians.of(s.stream().map(Score::serverMicros).toList()));
            }
        }
    }

    /** One JMH run's throughput and the CPU per operation {@link CpuPerOpProfiler} measured (NaN if it could not). */
    private record Score(double opsPerSecond, double jvmMicros, double serverMicros) {
    }

    private static List<Double> ops(Map<String, List<Score>> bySide, String side) {
        return bySide.get(side).stream().map(Score::opsPerSecond).toList();
    }

    private static String format(List<Double> ratios) {
        return Arrays.toString(ratios.stream().map(x -> String.format("%.2f", x)).toArray());
    }

    private Score score(String method) throws RunnerException {
        Collection<RunResult> results = new Runner(options.get().addProfiler(CpuPerOpProfiler.class)
                .include(Pattern.quote(PointSelectBenchmark.class.getName() + "." + method) + "$").build()).run();
        RunResult r = results.iterator().next();
        Map<String, Result> secondary = r.getSecondaryResults();
        return new Score(r.getPrimaryResult().getScore(), scoreOf(secondary.get(CpuPerOpProfiler.JVM)),
                scoreOf(secondary.get(CpuPerOpProfiler.SERVERS)));
    }

    private static double scoreOf(Result result) {
        return result == null ? Double.NaN : result.getScore();
    }
}
