package io.flotilla.replicator.bench;

import io.flotilla.replicator.cluster.FlotillaCluster;
import io.flotilla.replicator.log.LoggedSession;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The replication benchmark: logged versus plain leader writes, follower apply rate versus the leader's
 * single-client rate, and replication lag at half the maximum write rate, all measured in one run.
 */
public final class ReplicationBench {

    private static final String INSERT = "INSERT INTO %s (k, v, ts) VALUES (?, ?, NOW(6))";

    private final FlotillaCluster cluster;
    private final PrintStream out;
    private final int roundSeconds;
    private final int rounds;

    public ReplicationBench(FlotillaCluster cluster, PrintStream out, int roundSeconds, int rounds) {
        this.cluster = cluster;
        this.out = out;
        this.roundSeconds = roundSeconds;
        this.rounds = rounds;
    }

    /** The figures of one run. */
    public record Result(double plain1, double logged1, double ratio1, double plain4, double logged4, double ratio4,
                         double applyRate, double applyRatio, double lagTargetRate, double lagP50Ms, double lagP99Ms, double lagMaxMs) {
    }

    /** Runs every measurement; replication must not be running yet (this method starts it). */
    public Result run() throws Exception {
        try (LoggedSession s = cluster.openSession()) {
            s.execute("CREATE TABLE IF NOT EXISTS bench_plain (id BIGINT AUTO_INCREMENT PRIMARY KEY, k INT, v VARCHAR(32), ts DATETIME(6))", List.of());
            s.execute("CREATE TABLE IF NOT EXISTS bench_logged (id BIGINT AUTO_INCREMENT PRIMARY KEY, k INT, v VARCHAR(32), ts DATETIME(6))", List.of());
        }
        out.printf("Leader writes: autocommit INSERT … NOW(6), plain Connector/J vs through the binlog writer;%n"
                + "%d interleaved rounds of %d s per thread count, medians (followers idle during these rounds).%n", rounds, roundSeconds);
        double[] r1 = writeRounds(1);
        double[] r4 = writeRounds(4);
        out.printf("%n1 thread : plain %.0f/s, logged %.0f/s, ratio %.2f%n", r1[0], r1[1], r1[2]);
        out.printf("4 threads: plain %.0f/s, logged %.0f/s, ratio %.2f%n", r4[0], r4[1], r4[2]);

        // Apply rate: a backlog written while no applier runs, then one follower applies it alone.
        long from = 0;
        long backlog = Math.max(2000, (long) (r1[1] * 3));
        writeCount(backlog);
        long head = cluster.leaderHead();
        String f = cluster.followers().get(0);
        long t0 = System.nanoTime();
        cluster.startReplication(List.of(f));
        // Poll the applier's in-memory position: opening a connection per poll would steal CPU from the applier.
        while (cluster.applierStatus().get(f).appliedLsn() < head) {
            Thread.sleep(1);
        }
        double applyRate = (head - from) / ((System.nanoTime() - t0) / 1e9);
        for (String other : cluster.followers()) {
            if (!other.equals(f)) {
                cluster.restartApplier(other);
            }
        }
        out.printf("%nFollower apply (one follower applying its whole backlog alone; the leader idle):%n"
                + "%d entries of backlog applied by %s at %.0f entries/s = %.2f x the leader's plain single-client write rate%n",
                head - from, f, applyRate, applyRate / r1[0]);
        cluster.awaitCaughtUp(120_000);

        double max = Math.max(r1[1], r4[1]);
        double[] lag = lagAt(max / 2);
        out.printf("%nReplication lag at %.0f writes/s (half of the max logged rate %.0f/s), commit on leader to commit on follower:%n"
                + "p50 %.2f ms, p99 %.2f ms, max %.2f ms over %d entries%n", max / 2, max, lag[0], lag[1], lag[2], (long) lag[3]);
        return new Result(r1[0], r1[1], r1[2], r4[0], r4[1], r4[2], applyRate, applyRate / r1[0], max / 2, lag[0], lag[1], lag[2]);
    }

    private double[] writeRounds(int threads) throws Exception {
        double[] plain = new double[rounds];
        double[] logged = new double[rounds];
        double[] ratio = new double[rounds];
        warmUp(threads);
        for (int r = 0; r < rounds; r++) {
            // Alternate which side goes first so that drift in the machine does not favour one.
            if (r % 2 == 0) {
                plain[r] = rate(threads, false, roundSeconds);
                logged[r] = rate(threads, true, roundSeconds);
            } else {
                logged[r] = rate(threads, true, roundSeconds);
                plain[r] = rate(threads, false, roundSeconds);
            }
            ratio[r] = logged[r] / plain[r];
            out.printf("  %d thread(s) round %d: plain %.0f/s logged %.0f/s ratio %.2f%n", threads, r + 1, plain[r], logged[r], ratio[r]);
        }
        return new double[] {median(plain), median(logged), median(ratio)};
    }

    private void warmUp(int threads) throws Exception {
        rate(threads, false, 1);
        rate(threads, true, 1);
    }

    private double rate(int threads, boolean viaLog, int seconds) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong count = new AtomicLong();
        List<Thread> ts = new ArrayList<>();
        List<Exception> errors = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                try {
                    if (viaLog) {
                        try (LoggedSession s = cluster.openSession()) {
                            String sql = INSERT.formatted("bench_logged");
                            while (!stop.get()) {
                                s.execute(sql, List.of(ThreadLocalRandom.current().nextInt(1000), "x"));
                                count.incrementAndGet();
                            }
                        }
                    } else {
                        try (Connection c = cluster.nodes().app(cluster.leader());
                             PreparedStatement ps = c.prepareStatement(INSERT.formatted("bench_plain"))) {
                            while (!stop.get()) {
                                ps.setInt(1, ThreadLocalRandom.current().nextInt(1000));
                                ps.setString(2, "x");
                                ps.executeUpdate();
                                count.incrementAndGet();
                            }
                        }
                    }
                } catch (Exception e) {
                    synchronized (errors) {
                        errors.add(e);
                    }
                }
            });
            ts.add(t);
        }
        long t0 = System.nanoTime();
        ts.forEach(Thread::start);
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        for (Thread t : ts) {
            t.join();
        }
        if (!errors.isEmpty()) {
            throw errors.get(0);
        }
        return count.get() / ((System.nanoTime() - t0) / 1e9);
    }

    private void writeCount(long n) throws SQLException {
        try (LoggedSession s = cluster.openSession()) {
            String sql = INSERT.formatted("bench_logged");
            for (long i = 0; i < n; i++) {
                s.execute(sql, List.of((int) (i % 1000), "b"));
            }
        }
    }

    private double[] lagAt(double targetRate) throws Exception {
        Map<Long, Long> committedAt = new ConcurrentHashMap<>();
        Map<Long, Long> appliedAt = new ConcurrentHashMap<>();
        String f = cluster.followers().get(0);
        // Both sides record their own clock reading; pairing them afterwards keeps entries applied before the
        // writer noted its acknowledgement (they count as zero lag) instead of silently dropping them.
        cluster.onApplied((node, e) -> {
            if (node.equals(f)) {
                appliedAt.put(e.lsn(), System.nanoTime());
            }
        });
        int threads = 2;
        long perThreadIntervalNs = (long) (threads * 1e9 / targetRate);
        long end = System.nanoTime() + roundSeconds * 2L * 1_000_000_000L;
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                try (LoggedSession s = cluster.openSession()) {
                    String sql = INSERT.formatted("bench_logged");
                    long next = System.nanoTime();
                    while (next < end) {
                        long lsn = s.execute(sql, List.of(1, "lag")).lsn();
                        committedAt.put(lsn, System.nanoTime());
                        next += perThreadIntervalNs;
                        long sleep = next - System.nanoTime();
                        if (sleep > 0) {
                            Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            ts.add(t);
            t.start();
        }
        for (Thread t : ts) {
            t.join();
        }
        cluster.awaitCaughtUp(60_000);
        Thread.sleep(100);
        long[] ns = committedAt.entrySet().stream()
                .filter(en -> appliedAt.containsKey(en.getKey()))
                .mapToLong(en -> Math.max(0, appliedAt.get(en.getKey()) - en.getValue()))
                .sorted().toArray();
        if (ns.length == 0) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN, 0};
        }
        return new double[] {ns[ns.length / 2] / 1e6, ns[(int) Math.min(ns.length - 1, Math.ceil(ns.length * 0.99) - 1)] / 1e6, ns[ns.length - 1] / 1e6, ns.length};
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
