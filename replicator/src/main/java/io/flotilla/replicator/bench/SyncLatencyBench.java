package io.flotilla.replicator.bench;

import io.flotilla.replicator.cluster.FlotillaCluster;
import io.flotilla.replicator.config.ReplicationMode;
import io.flotilla.replicator.log.AckWaiter;
import io.flotilla.replicator.log.LogWriter;
import io.flotilla.replicator.log.LoggedSession;
import io.flotilla.replicator.sync.SyncAckTracker;
import io.flotilla.routing.sql.CachingAnalyzer;
import io.flotilla.routing.sql.LexicalAnalyzer;
import java.io.PrintStream;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Commit latency of sync versus async, side by side on one cluster in one run: the same autocommit INSERT through an
 * async writer (acknowledged after the leader commit), the cluster's own sync writer (same process as the appliers,
 * which it wakes), and a sync writer as another process would be (its own acknowledgement poller, no wake-up: the
 * driver's case), in interleaved rounds.
 */
public final class SyncLatencyBench {

    private static final String INSERT = "INSERT INTO bench_sync (k, v, ts) VALUES (?, ?, NOW(6))";

    private final FlotillaCluster cluster;
    private final PrintStream out;
    private final int roundSeconds;
    private final int rounds;

    public SyncLatencyBench(FlotillaCluster cluster, PrintStream out, int roundSeconds, int rounds) {
        this.cluster = cluster;
        this.out = out;
        this.roundSeconds = roundSeconds;
        this.rounds = rounds;
    }

    /** Latency figures of one writer variant, in milliseconds, over every commit of every round. */
    public record Figures(String name, long commits, double p50Ms, double p99Ms, double perSecond) {
    }

    /** The figures of one thread count; the ratios are sync p50 over async p50. */
    public record Result(int threads, Figures async, Figures syncLocal, Figures syncRemote, double localRatio, double remoteRatio) {
    }

    /** Runs the rounds at 1 and 4 threads; the cluster must be started in sync (or semi-sync) mode with replication running. */
    public List<Result> run() throws Exception {
        if (cluster.config().mode() == ReplicationMode.ASYNC) {
            throw new IllegalStateException("the sync latency bench needs a cluster in replication.mode=sync");
        }
        try (LoggedSession s = cluster.openSession()) {
            s.execute("CREATE TABLE IF NOT EXISTS bench_sync (id BIGINT AUTO_INCREMENT PRIMARY KEY, k INT, v VARCHAR(32), ts DATETIME(6))", List.of());
        }
        LogWriter async = writer(AckWaiter.NONE);
        try (SyncAckTracker remoteTracker = new SyncAckTracker(cluster.readSyncState(), cluster::leader, cluster::followers,
                cluster.nodes()::replicator, cluster.config().pollMinMicros())) {
            LogWriter[] writers = {async, cluster.writer(), writer(remoteTracker)};
            List<Result> out = new ArrayList<>();
            for (int threads : new int[] {1, 4}) {
                out.add(series(writers, threads));
            }
            return out;
        }
    }

    private Result series(LogWriter[] writers, int threads) throws Exception {
        out.printf("%nCommit latency, sync vs async (%d thread(s), autocommit INSERT … NOW(6), %d interleaved rounds of %d s;"
                + " synchronous follower %s):%n", threads, rounds, roundSeconds, cluster.readSyncState().syncSet());
        List<List<long[]>> lat = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (LogWriter w : writers) {
            commits(w, 1, threads);
        }
        for (int i = 0; i < rounds; i++) {
            // Rotate the order so that drift in the machine favours none of them.
            for (int j = 0; j < 3; j++) {
                int v = (i + j) % 3;
                lat.get(v).add(commits(writers[v], roundSeconds, threads));
            }
            out.printf("  round %d: p50 async %.3f ms, sync (cluster process) %.3f ms, sync (other process) %.3f ms%n", i + 1,
                    pct(lat.get(0).get(i), 0.5), pct(lat.get(1).get(i), 0.5), pct(lat.get(2).get(i), 0.5));
        }
        Figures fa = figures("async", lat.get(0));
        Figures fl = figures("sync, writer in the cluster process", lat.get(1));
        Figures fr = figures("sync, writer as another process (driver)", lat.get(2));
        Result res = new Result(threads, fa, fl, fr, fl.p50Ms() / fa.p50Ms(), fr.p50Ms() / fa.p50Ms());
        for (Figures f : List.of(fa, fl, fr)) {
            out.printf("%-42s p50 %.3f ms  p99 %.3f ms  %.0f commits/s%n", f.name(), f.p50Ms(), f.p99Ms(), f.perSecond());
        }
        out.printf("sync/async p50 ratio, %d thread(s): %.2f (cluster process), %.2f (other process); target ≤ 2%n",
                threads, res.localRatio(), res.remoteRatio());
        return res;
    }

    private LogWriter writer(AckWaiter acks) {
        return new LogWriter(new CachingAnalyzer(new LexicalAnalyzer(), 1000), cluster::epoch, cluster.config().unsafePolicy(), () -> {
            try {
                return cluster.nodes().app(cluster.leader());
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }, acks);
    }

    /** Sequential commits on each of {@code threads} sessions for {@code seconds}; every commit's latency in ns, sorted. */
    private long[] commits(LogWriter w, int seconds, int threads) throws Exception {
        List<long[]> perThread = new ArrayList<>();
        List<Thread> ts = new ArrayList<>();
        List<Exception> errors = new ArrayList<>();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(() -> {
                long[] lat = new long[1 << 14];
                int n = 0;
                try (LoggedSession s = new LoggedSession(w, cluster.nodes().app(cluster.leader()))) {
                    while (System.nanoTime() < end) {
                        long t0 = System.nanoTime();
                        s.execute(INSERT, List.of(ThreadLocalRandom.current().nextInt(1000), "s"));
                        if (n == lat.length) {
                            lat = Arrays.copyOf(lat, n * 2);
                        }
                        lat[n++] = System.nanoTime() - t0;
                    }
                } catch (Exception e) {
                    synchronized (errors) {
                        errors.add(e);
                    }
                }
                synchronized (perThread) {
                    perThread.add(Arrays.copyOf(lat, n));
                }
            });
            ts.add(th);
            th.start();
        }
        for (Thread th : ts) {
            th.join();
        }
        if (!errors.isEmpty()) {
            throw errors.get(0);
        }
        return perThread.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    }

    private Figures figures(String name, List<long[]> rounds) {
        long[] all = rounds.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new Figures(name, all.length, pct(all, 0.5), pct(all, 0.99), all.length / (double) (rounds.size() * roundSeconds));
    }

    private static double pct(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.min(sorted.length - 1, Math.ceil(sorted.length * q) - 1);
        return sorted[Math.max(0, i)] / 1e6;
    }
}
