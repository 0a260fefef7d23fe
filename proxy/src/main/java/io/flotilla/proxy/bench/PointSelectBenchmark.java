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
 * A primary-key read through the Flotilla driver (routed to a follower) against plain Connector/J straight to a
 * follower, at 1 and 8 threads: the difference is the driver's routing overhead. At 8 threads a third baseline spreads
 * plain connections over the followers as Flotilla's balancer does, which separates the cost of routing from the cost
 * of using several servers at once on a small machine; and a Flotilla variant whose reads a routing rule keeps on the
 * follower the direct baseline uses compares the two on the very same server.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PointSelectBenchmark {

    static final String SQL = "SELECT v FROM bench_kv WHERE id = ?";

    /** One connection and one reused prepared statement per benchmark thread, as an application would hold them. */
    public abstract static class Reader {

        private final SplittableRandom random = new SplittableRandom();
        private Connection connection;
        private PreparedStatement select;

        abstract Connection open(KvCluster cluster) throws SQLException;

        @Setup(Level.Trial)
        public void open0(KvCluster cluster) throws SQLException {
            connection = open(cluster);
            select = connection.prepareStatement(SQL);
        }

        long read() throws SQLException {
            select.setInt(1, random.nextInt(KvCluster.ROWS));
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("bench_kv row missing");
                }
                return rs.getLong(1);
            }
        }

        @TearDown(Level.Trial)
        public void close() throws SQLException {
            connection.close();
        }
    }

    @State(Scope.Thread)
    public static class FlotillaReader extends Reader {
        @Override
        Connection open(KvCluster cluster) throws SQLException {
            return cluster.flotilla("");
        }
    }

    @State(Scope.Thread)
    public static class DirectReader extends Reader {
        @Override
        Connection open(KvCluster cluster) throws SQLException {
            return cluster.directToFollower();
        }
    }

    /** Flotilla with a URL rule that keeps this user's reads on the follower {@link DirectReader} reads from. */
    @State(Scope.Thread)
    public static class SameFollowerReader extends Reader {
        @Override
        Connection open(KvCluster cluster) throws SQLException {
            return cluster.flotillaOnDirectFollower();
        }
    }

    /** Plain Connector/J like {@link DirectReader}, but the threads' connections spread over the followers in turn. */
    @State(Scope.Thread)
    public static class SpreadReader extends Reader {
        @Override
        Connection open(KvCluster cluster) throws SQLException {
            return cluster.directToFollowerInTurn();
        }
    }

    @Benchmark
    @Threads(1)
    public long pointSelectFlotillaT1(FlotillaReader r) throws SQLException {
        return r.read();
    }

    @Benchmark
    @Threads(1)
    public long pointSelectDirectT1(DirectReader r) throws SQLException {
        return r.read();
    }

    @Benchmark
    @Threads(8)
    public long pointSelectFlotillaT8(FlotillaReader r) throws SQLException {
        return r.read();
    }

    @Benchmark
    @Threads(8)
    public long pointSelectDirectT8(DirectReader r) throws SQLException {
        return r.read();
    }

    /** Flotilla at 8 threads reading from the same single follower as {@link #pointSelectDirectT8}: like for like. */
    @Benchmark
    @Threads(8)
    public long pointSelectSameT8(SameFollowerReader r) throws SQLException {
        return r.read();
    }

    /** The 8-thread baseline with reads spread over the followers as Flotilla spreads them: no routing, same servers. */
    @Benchmark
    @Threads(8)
    public long pointSelectSpreadT8(SpreadReader r) throws SQLException {
        return r.read();
    }
}
