package io.flotilla.proxy.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The CPU-per-query arithmetic the benchmarks report, and reading this JVM's CPU time. */
class CpuMeterTest {

    @Test
    void cpuPerQueryIsTheDifferenceOverTheQueries() {
        CpuMeter.Snapshot before = new CpuMeter.Snapshot(1_000_000, Map.of(11L, 5_000_000L, 12L, 1_000_000L), 0);
        CpuMeter.Snapshot after = new CpuMeter.Snapshot(3_000_000, Map.of(11L, 8_000_000L, 12L, 2_000_000L), 2_000_000_000L);

        CpuMeter.Usage u = after.since(before, 100);

        assertThat(u.jvmMicrosPerQuery()).isCloseTo(20.0, within(1e-9)); // 2 ms of JVM CPU over 100 queries
        assertThat(u.serverMicrosPerQuery()).isCloseTo(40.0, within(1e-9)); // 3 ms + 1 ms over the two servers
        assertThat(u.jvmMicrosPerSecond()).isCloseTo(1000.0, within(1e-9)); // 2 ms over 2 s of wall clock
        assertThat(u.queriesPerSecond()).isCloseTo(50.0, within(1e-9));
    }

    @Test
    void aServerThatStoppedInBetweenGivesNoFigure() {
        // JMH calls the last iteration's profiler hook after the trial's teardown stopped the cluster.
        CpuMeter.Snapshot before = new CpuMeter.Snapshot(1_000_000, Map.of(11L, 5_000_000L), 0);
        CpuMeter.Snapshot after = new CpuMeter.Snapshot(9_000_000, Map.of(), 1_000_000_000L);

        assertThat(after.since(before, 100)).isNull();
    }

    @Test
    void theJvmsOwnCpuTimeIsRead() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        CpuMeter.Snapshot before = CpuMeter.now();
        long threadStart = threads.getCurrentThreadCpuTime();
        long sum = 0;
        // Spin until this thread alone has used 100 ms of CPU (however busy the machine), with a wall-clock cap.
        for (long deadline = System.nanoTime() + 30_000_000_000L;
                threads.getCurrentThreadCpuTime() - threadStart < 100_000_000L && System.nanoTime() < deadline; ) {
            sum += Long.numberOfTrailingZeros(System.nanoTime());
        }
        CpuMeter.Snapshot after = CpuMeter.now();

        assertThat(sum).isPositive();
        // The process counter ticks in 10 ms steps: at least 90 of the thread's 100 ms must show.
        assertThat(after.jvmNanos() - before.jvmNanos()).isGreaterThanOrEqualTo(90_000_000L);
    }
}
