package io.flotilla.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.replicator.log.LoggedSession;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The read-your-writes, monotonic-read and stale-read checkers that the driver's and the proxy's tests share: 16
 * threads write and read rows of {@code kv} through the sessions a {@link Client} opens and count the reads that saw
 * older data than they should have.
 */
public final class ConsistencyChecker {

    /** Concurrent client threads. */
    public static final int THREADS = 16;
    /** The row only the monotonic checker writes: its values must only grow. */
    private static final int MONOTONIC_ROW = THREADS * 2;

    /** How a test reaches the cluster (the driver itself, or the proxy) and carries a session's token. */
    public interface Client {
        /** A new session, with {@code consistency} (null: the default, read-your-writes). */
        Connection open(String consistency) throws SQLException;

        /** The session's consistency token. */
        String token(Connection c) throws SQLException;

        /** Makes the session's reads see at least what the token's session wrote or saw. */
        void requireToken(Connection c, String token) throws SQLException;
    }

    private final Client client;
    private final int rounds;

    /** @param rounds writes per thread in the read-your-writes checker (three times as many monotonic reads) */
    public ConsistencyChecker(Client client, int rounds) {
        this.client = client;
        this.rounds = rounds;
    }

    /** Creates and fills {@code kv}: rows 0 … 2 × THREADS, all 0. */
    public static void createTable(LoggedSession s) throws SQLException {
        s.execute("CREATE TABLE kv (id INT PRIMARY KEY, v BIGINT NOT NULL)", List.of());
        for (int i = 0; i <= MONOTONIC_ROW; i++) {
            s.execute("INSERT INTO kv VALUES (?, 0)", List.of(i));
        }
    }

    /**
     * Each thread writes its row and reads it back on the same session, and on a second session given the first
     * one's token (another service); returns the reads that missed the write.
     */
    public long readYourWritesViolations() throws Exception {
        AtomicLong ids = new AtomicLong();
        return runThreads(() -> {
            int id = (int) ids.getAndIncrement();
            long bad = 0;
            try (Connection writer = client.open(null); Connection other = client.open(null)) {
                for (long v = 1; v <= rounds; v++) {
                    write(writer, id, v);
                    if (read(writer, id) != v) {
                        bad++;
                    }
                    client.requireToken(other, client.token(writer));
                    if (read(other, id) < v) {
                        bad++;
                    }
                }
            }
            return bad;
        });
    }

    /** One writer raises a row while every thread reads it on a monotonic session; returns the reads that went back. */
    public long monotonicViolations() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            try (Connection c = client.open(null)) {
                for (long v = 1; !stop.get() && v < 100_000; v++) {
                    write(c, MONOTONIC_ROW, v);
                    Thread.sleep(3);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "monotonic-writer");
        writer.start();
        try {
            return runThreads(() -> {
                long bad = 0;
                long last = -1;
                try (Connection c = client.open("monotonic")) {
                    for (int i = 0; i < rounds * 3; i++) {
                        long v = read(c, MONOTONIC_ROW);
                        if (v < last) {
                            bad++;
                        }
                        last = Math.max(last, v);
                    }
                }
                return bad;
            });
        } finally {
            stop.set(true);
            writer.join();
        }
    }

    /**
     * The contrast: with eventual consistency (a plain read/write split) each thread writes and reads back 10
     * times; returns the reads that missed the write, which a lagging follower makes positive.
     */
    public long staleReadsWithEventualConsistency() throws Exception {
        AtomicLong ids = new AtomicLong(THREADS);
        return runThreads(() -> {
            int id = (int) (ids.getAndIncrement() % (THREADS * 2));
            long bad = 0;
            try (Connection c = client.open("eventual")) {
                for (long v = 1000; v < 1010; v++) {
                    write(c, id, v);
                    if (read(c, id) != v) {
                        bad++;
                    }
                }
            }
            return bad;
        });
    }

    /** The value of a row. */
    public static long read(Connection c, int id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT v FROM kv WHERE id = ?")) {
            ps.setInt(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void write(Connection c, int id, long v) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE kv SET v = ? WHERE id = ?")) {
            ps.setLong(1, v);
            ps.setInt(2, id);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    private static long runThreads(Callable<Long> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Long>> fs = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                fs.add(pool.submit(task));
            }
            long sum = 0;
            for (Future<Long> f : fs) {
                sum += f.get();
            }
            return sum;
        } finally {
            pool.shutdown();
        }
    }
}
