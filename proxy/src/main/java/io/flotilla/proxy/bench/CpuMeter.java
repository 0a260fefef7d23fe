package io.flotilla.proxy.bench;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * CPU time used by this JVM and by its embedded database servers, so a benchmark can report CPU per query next to
 * throughput: on a machine whose cores are shared by the client, the servers and the JVM, CPU per query is what
 * throughput follows, and it varies far less between runs than throughput does.
 */
public final class CpuMeter {

    /**
     * CPU used so far by this JVM and by each database server (its mariadbd/mysqld descendants, by process id), and
     * the wall clock.
     */
    public record Snapshot(long jvmNanos, Map<Long, Long> serverNanos, long wallNanos) {

        public Snapshot {
            serverNanos = Map.copyOf(serverNanos);
        }

        /**
         * The CPU used between {@code earlier} and this snapshot, per query, in microseconds; null when a server of
         * {@code earlier} has gone since (stopped in between: its CPU, and the JVM's work of stopping it, would
         * distort the figures).
         */
        public Usage since(Snapshot earlier, long queries) {
            long servers = 0;
            for (Map.Entry<Long, Long> e : earlier.serverNanos.entrySet()) {
                Long now = serverNanos.get(e.getKey());
                if (now == null) {
                    return null;
                }
                servers += now - e.getValue();
            }
            double q = Math.max(1, queries);
            long jvm = jvmNanos - earlier.jvmNanos;
            double seconds = Math.max(1, wallNanos - earlier.wallNanos) / 1_000_000_000.0;
            return new Usage(jvm / 1000.0 / q, servers / 1000.0 / q, jvm / 1000.0 / seconds, q / seconds);
        }
    }

    /**
     * CPU per query (µs) of the JVM and of the servers, the JVM's CPU per wall-clock second (µs/s), and the queries per
     * wall-clock second of the same window.
     */
    public record Usage(double jvmMicrosPerQuery, double serverMicrosPerQuery, double jvmMicrosPerSecond,
                        double queriesPerSecond) {
    }

    private CpuMeter() {
    }

    /** Reads the counters now. */
    public static Snapshot now() {
        long jvm = cpu(ProcessHandle.current());
        Map<Long, Long> servers = ProcessHandle.current().descendants().filter(CpuMeter::isServer)
                .collect(Collectors.toMap(ProcessHandle::pid, CpuMeter::cpu));
        return new Snapshot(jvm, servers, System.nanoTime());
    }

    private static boolean isServer(ProcessHandle p) {
        return p.info().command().map(c -> c.endsWith("/mariadbd") || c.endsWith("/mysqld")).orElse(false);
    }

    private static long cpu(ProcessHandle p) {
        return p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }
}
