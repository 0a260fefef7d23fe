package io.flotilla.proxy.bench;

import java.io.PrintStream;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/** The ratios and targets the driver benchmarks exist for, computed from JMH's run results. */
final class DriverBenchReport {

    private static final double POINT_SELECT_T1_TARGET = 0.95;
    private static final double POINT_SELECT_T8_TARGET = 0.93;
    private static final double HIT_TARGET_NS = 300;
    private static final double MISS_TARGET_NS = 10_000;

    // Keyed by method name, plus "@" and the shape for the parameterised classification benchmarks.
    private final Map<String, Result<?>> byName = new HashMap<>();

    DriverBenchReport(Collection<RunResult> results) {
        for (RunResult r : results) {
            String full = r.getParams().getBenchmark();
            String name = full.substring(full.lastIndexOf('.') + 1);
            String shape = r.getParams().getParam("shape");
            byName.put(shape == null ? name : name + "@" + shape, r.getPrimaryResult());
        }
    }

    void print(PrintStream out) {
        out.println();
        out.println("Flotilla driver benchmark summary (ratios from the JMH scores; ranges from their 99.9% error bounds)");
        ratio(out, "point select, 1 thread:  Flotilla/direct throughput", "pointSelectFlotillaT1", "pointSelectDirectT1",
                POINT_SELECT_T1_TARGET);
        ratio(out, "point select, 8 threads: Flotilla/direct throughput", "pointSelectFlotillaT8", "pointSelectDirectT8",
                POINT_SELECT_T8_TARGET);
        ratio(out, "point select, 8 threads: Flotilla on direct's follower/direct", "pointSelectSameT8", "pointSelectDirectT8",
                POINT_SELECT_T8_TARGET);
        ratio(out, "point select, 8 threads: spread/direct (no Flotilla)", "pointSelectSpreadT8", "pointSelectDirectT8",
                Double.NaN);
        ratio(out, "point select, 8 threads: Flotilla/spread throughput", "pointSelectFlotillaT8", "pointSelectSpreadT8",
                Double.NaN);
        for (ClassifyBenchmark.Shape shape : ClassifyBenchmark.Shape.values()) {
            limit(out, "classify hit  " + shape, "classifyHit@" + shape, HIT_TARGET_NS);
            limit(out, "classify miss " + shape, "classifyMiss@" + shape, MISS_TARGET_NS);
        }
        ratio(out, "write-then-read: read-your-writes/leader-only throughput", "writeThenReadFlotilla",
                "writeThenReadLeaderOnly", Double.NaN);
    }

    private void ratio(PrintStream out, String label, String num, String den, double target) {
        Result<?> a = byName.get(num);
        Result<?> b = byName.get(den);
        if (a == null || b == null) {
            out.printf("  %-58s n/a (not run)%n", label);
            return;
        }
        double r = a.getScore() / b.getScore();
        String range = "";
        if (!Double.isNaN(a.getScoreError()) && !Double.isNaN(b.getScoreError())) {
            double lo = Math.max(0, a.getScore() - a.getScoreError()) / (b.getScore() + b.getScoreError());
            double hi = (a.getScore() + a.getScoreError()) / (b.getScore() - b.getScoreError());
            range = hi > 0 ? String.format(" [%.3f .. %.3f]", lo, hi) : String.format(" [%.3f .. unbounded]", lo);
        }
        String verdict = Double.isNaN(target) ? "" : String.format("  target >= %.2f: %s", target, r >= target ? "met" : "NOT met");
        out.printf("  %-58s %.3f%s  (%.0f vs %.0f %s)%s%n", label, r, range, a.getScore(), b.getScore(), a.getScoreUnit(), verdict);
    }

    private void limit(PrintStream out, String label, String name, double maxNs) {
        Result<?> a = byName.get(name);
        if (a == null) {
            out.printf("  %-58s n/a (not run)%n", label);
            return;
        }
        out.printf("  %-58s %.1f ± %.1f %s  target <= %.0f ns: %s%n", label, a.getScore(), a.getScoreError(), a.getScoreUnit(), maxNs,
                a.getScore() <= maxNs ? "met" : "NOT met");
    }
}
