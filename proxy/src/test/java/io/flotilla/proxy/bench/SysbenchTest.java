package io.flotilla.proxy.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Parsing of sysbench 1.0.20's run summary, and the CPU-per-query arithmetic the proxy benchmark reports. */
class SysbenchTest {

    /** The summary of an oltp_read_only run (sysbench 1.0.20's layout; 16 queries per transaction). */
    private static final String READ_ONLY = """
            sysbench 1.0.20 (using system LuaJIT 2.1.0-beta3)

            SQL statistics:
                queries performed:
                    read:                            55300
                    write:                           0
                    other:                           7900
                    total:                           63200
                transactions:                        3950   (789.85 per sec.)
                queries:                             63200  (12637.60 per sec.)
                ignored errors:                      2      (0.40 per sec.)
                reconnects:                          0      (0.00 per sec.)

            Latency (ms):
                     min:                                    0.04
                     avg:                                    1.27
                     max:                                    8.04
                     95th percentile:                        2.22
                     sum:                                 7967.70
            """;

    @Test
    void readsThroughputErrorsLatencyAndTheQueryCount() {
        Sysbench.Result r = Sysbench.parse(READ_ONLY);

        assertThat(r.qps()).isEqualTo(12637.60);
        assertThat(r.tps()).isEqualTo(789.85);
        assertThat(r.errors()).isEqualTo(2);
        assertThat(r.p95Ms()).isEqualTo(2.22);
        assertThat(r.queries()).isEqualTo(63200);
    }

    @Test
    void aSummaryWithoutTheQueriesLineIsRejectedNamingWhatIsMissing() {
        assertThatThrownBy(() -> Sysbench.parse(READ_ONLY.replace("queries:   ", "requests:")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("queries");
    }

    @Test
    void cpuPerQueryIsTheDifferenceOverTheQueries() {
        CpuMeter.Snapshot before = new CpuMeter.Snapshot(1_000_000, 5_000_000, 0);
        CpuMeter.Snapshot after = new CpuMeter.Snapshot(3_000_000, 9_000_000, 2_000_000_000L);

        CpuMeter.Usage u = after.since(before, 100);

        assertThat(u.jvmMicrosPerQuery()).isCloseTo(20.0, within(1e-9)); // 2 ms of JVM CPU over 100 queries
        assertThat(u.serverMicrosPerQuery()).isCloseTo(40.0, within(1e-9));
        assertThat(u.jvmMicrosPerSecond()).isCloseTo(1000.0, within(1e-9)); // 2 ms over 2 s of wall clock
    }

    @Test
    void theJvmsOwnCpuTimeIsRead() {
        CpuMeter.Snapshot before = CpuMeter.now();
        long sum = 0;
        for (long deadline = System.nanoTime() + 200_000_000L; System.nanoTime() < deadline; ) {
            sum += Long.numberOfTrailingZeros(System.nanoTime());
        }
        CpuMeter.Snapshot after = CpuMeter.now();

        assertThat(sum).isPositive();
        assertThat(after.jvmNanos() - before.jvmNanos()).isGreaterThanOrEqualTo(100_000_000L); // ~200 ms spinning
    }
}
