package io.flotilla.proxy.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Parsing of sysbench 1.0.20's run summary. */
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
    void aSummaryWithoutAFigureIsRejectedNamingIt() {
        assertThatThrownBy(() -> Sysbench.parse(READ_ONLY.replace("ignored errors:", "dropped errors:")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ignored errors");
    }
}
