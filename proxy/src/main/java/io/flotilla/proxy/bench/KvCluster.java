package io.flotilla.proxy.bench;

import io.flotilla.jdbc.FlotillaConnection;
import io.flotilla.proxy.cli.TempClusters;
import io.flotilla.replicator.cluster.FlotillaCluster;
import io.flotilla.replicator.log.LoggedSession;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One embedded 3-node cluster per fork with {@code bench_kv} (10,000 rows) written through the log and applied on
 * every follower before anything is measured, so that reads never wait for replication of the fixture.
 */
@State(Scope.Benchmark)
public class KvCluster {

    static final int ROWS = 10_000;
    private static final int ROWS_PER_INSERT = 1_000;

    private TempClusters.Handle temp;
    private FlotillaCluster cluster;
    // The driver URLs handed out in this fork, to print their routing counters at the end.
    private final Set<String> urls = new LinkedHashSet<>();
    private final java.util.concurrent.atomic.AtomicInteger spread = new java.util.concurrent.atomic.AtomicInteger();

    @Setup(Level.Trial)
    public void start() throws Exception {
        temp = TempClusters.create(3);
        cluster = temp.cluster();
        cluster.start();
        cluster.startReplication();
        try (LoggedSession s = cluster.openSession()) {
            s.execute("CREATE TABLE bench_kv (id INT PRIMARY KEY, v BIGINT NOT NULL)", List.of());
            for (int from = 0; from < ROWS; from += ROWS_PER_INSERT) {
                StringJoiner values = new StringJoiner(",", "INSERT INTO bench_kv (id, v) VALUES ", "");
                for (int id = from; id < from + ROWS_PER_INSERT; id++) {
                    values.add("(" + id + "," + id + ")");
                }
                s.execute(values.toString(), List.of());
            }
        }
        if (!cluster.awaitCaughtUp(60_000)) {
            throw new IllegalStateException("followers did not apply the bench_kv fixture within 60 s");
        }
    }

    /** A Flotilla driver connection as the application user; {@code extra} is appended to the URL query. */
    Connection flotilla(String extra) throws SQLException {
        String url = "jdbc:flotilla://" + cluster.config().nodes().get(cluster.leader()) + "/app?user=app&password=app"
                // Room for 8 benchmark threads each holding a backend per follower, plus the leader sessions.
                + "&pool.max-size=20" + extra;
        synchronized (urls) {
            urls.add(url);
        }
        return DriverManager.getConnection(url);
    }

    /** A Flotilla driver connection whose reads a URL rule keeps on the follower {@link #directToFollower} uses. */
    Connection flotillaOnDirectFollower() throws SQLException {
        return flotilla("&rule.bench-follower.user=app&rule.bench-follower.target=" + cluster.followers().get(0));
    }

    /** Plain Connector/J to the first follower with exactly the options Flotilla's backend pools use. */
    Connection directToFollower() throws SQLException {
        return cluster.nodes().app(cluster.followers().get(0));
    }

    /**
     * Plain Connector/J to the followers in turn (the first call gets the first follower, the next the second, …): the
     * same spread of connections over followers that Flotilla's balancer makes, without any routing.
     */
    Connection directToFollowerInTurn() throws SQLException {
        List<String> followers = cluster.followers();
        return cluster.nodes().app(followers.get(Math.floorMod(spread.getAndIncrement(), followers.size())));
    }

    @TearDown(Level.Trial)
    public void stop() {
        try {
            printRoutingCounters();
        } finally {
            if (temp != null) {
                temp.close();
            }
        }
    }

    // Shows where the driver actually sent statements, so a "follower" figure that was really served by the leader is visible.
    private void printRoutingCounters() {
        for (String url : urls) {
            try (Connection c = DriverManager.getConnection(url)) {
                System.out.println("\n[flotilla routing] " + c.unwrap(FlotillaConnection.class).routingMetrics());
            } catch (SQLException e) {
                System.out.println("\n[flotilla routing] unavailable: " + e.getMessage());
            }
        }
    }
}
