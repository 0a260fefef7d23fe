package io.flotilla.proxy.bench;

import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler that reports, per iteration, the CPU time per operation of the benchmark JVM ({@code cpu.jvm}) and
 * of the database servers it started ({@code cpu.servers}), in microseconds: throughput on a small shared machine
 * moves by tens of percent between runs, CPU per operation much less.
 */
public final class CpuPerOpProfiler implements InternalProfiler {

    static final String JVM = "cpu.jvm";
    static final String SERVERS = "cpu.servers";

    private CpuMeter.Snapshot before;

    @Override
    public String getDescription() {
        return "CPU time per operation of this JVM and of its mariadbd/mysqld child processes";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        before = CpuMeter.now();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                       IterationResult result) {
        CpuMeter.Snapshot after = CpuMeter.now();
        long ops = result.getMetadata() != null ? result.getMetadata().getAllOps() : 0;
        if (ops <= 0) {
            return List.of(); // nothing measured (or an older JMH without the count): no figure rather than a wrong one
        }
        CpuMeter.Usage u = after.since(before, ops);
        if (u == null) {
            return List.of(); // the trial's teardown stopped the servers before this last call: not comparable
        }
        return List.of(new ScalarResult(JVM, u.jvmMicrosPerQuery(), "µs/op", AggregationPolicy.AVG),
                new ScalarResult(SERVERS, u.serverMicrosPerQuery(), "µs/op", AggregationPolicy.AVG));
    }
}
