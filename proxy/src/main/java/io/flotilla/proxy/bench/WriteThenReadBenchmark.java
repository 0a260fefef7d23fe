package io.flotilla.proxy.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * An UPDATE of one row then a SELECT of it on the same connection: with read-your-writes the read goes to a
 * follower once it has applied the write; with {@code consistency=strong} both go to the leader. The ratio is
 * what read-your-writes costs (or saves) on the leader-follower round trip.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class WriteThenReadBenchmark {

    /** One connection with its two prepared statements; every pair writes a new value and checks it reads it back. */
    public abstract static class Pair {

        private final SplittableRandom random = new SplittableRandom();
        private Connection connection;
        private PreparedStatement update;
        private PreparedStatement select;
        private long value;

        abstract String urlExtra();

        @Setup(Level.Trial)
        public void open(KvCluster cluster) throws SQLException {
            connection = cluster.flotilla(urlExtra());
            update = connection.prepareStatement("UPDATE bench_kv SET v = ? WHERE id = ?");
            select = connection.prepareStatement(PointSelectBenchmark.SQL);
        }

        long writeThenRead() throws SQLException {
            int id = random.nextInt(KvCluster.ROWS);
            long v = ++value;
            update.setLong(1, v);
            update.setInt(2, id);
            update.executeUpdate();
            select.setInt(1, id);
            try (ResultSet rs = select.executeQuery()) {
                // A stale read would make the comparison meaningless, so it fails the run instead of being timed.
                if (!rs.next() || rs.getLong(1) != v) {
                    throw new IllegalStateException("read did not see this connection's write to id " + id);
                }
                return v;
            }
        }

        @TearDown(Level.Trial)
        public void close() throws SQLException {
            connection.close();
        }
    }

    @State(Scope.Thread)
    public static class ReadYourWrites extends Pair {
        @Override
        String urlExtra() {
            return "&consistency=read-your-writes";
        }
    }

    @State(Scope.Thread)
    public static class LeaderOnly extends Pair {
        @Override
        String urlExtra() {
            return "&consistency=strong";
        }
    }

    @Benchmark
    public long writeThenReadFlotilla(ReadYourWrites p) throws SQLException {
        return p.writeThenRead();
    }

    @Benchmark
    public long writeThenReadLeaderOnly(LeaderOnly p) throws SQLException {
        return p.writeThenRead();
    }
}
