package io.flotilla.proxy.bench;

import java.time.Duration;
import java.util.List;

/**
 * CPU time used by this JVM and by its embedded database servers, so a benchmark can report CPU per query next to
 * throughput: on a machine whose cores are shared by the client, the servers and the JVM, CPU per query is what
 * throughput follows, and it varies far less between runs than throughput does.
 */
public final class CpuMeter {

    /** CPU used so far: this JVM's, the database servers' (all its mariadbd/mysqld descendants), and the wall clock. */
    public record Snapshot(long jvmNanos, long serverNanos, long wallNanos) {

        /** The CPU used between {@code earlier} and this snapshot, per query, in microseconds. */
        public Usage since(Snapshot earlier, long queries) {
            double q = Math.max(1, queries);
            return new Usage((jvmNanos - earlier.jvmNanos) / 1000.0 / q, (serverNanos - earlier.serverNanos) / 1000.0 / q,
                    (jvmNanos - earlier.jvmNanos) / 1000.0 / Math.max(1, (wallNanos - earlier.wallNanos) / 1_000_000_000.0));
        }
    }

    /** CPU per query (µs) of the JVM and of the servers, and the JVM's CPU per wall-clock second (µs/s). */
    public record Usage(double jvmMicrosPerQuery, double serverMicrosPerQuery, double jvmMicrosPerSecond) {
    }

    private CpuMeter() {
    }

    /** Reads the counters now. */
    public static Snapshot now() {
        long jvm = cpu(ProcessHandle.current());
        List<ProcessHandle> servers = ProcessHandle.current().descendants().filter(CpuMeter::isServer).toList();
        long server = 0;
        for (ProcessHandle p : servers) {
            server += cpu(p);
        }
        return new Snapshot(jvm, server, System.nanoTime());
    }

    private static boolean isServer(ProcessHandle p) {
        return p.info().command().map(c -> c.endsWith("/mariadbd") || c.endsWith("/mysqld")).orElse(false);
    }

    private static long cpu(ProcessHandle p) {
        return p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }
}
