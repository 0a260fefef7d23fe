package io.flotilla.jdbc;

import io.flotilla.replicator.TestClusters;
import io.flotilla.replicator.cluster.FlotillaCluster;
import io.flotilla.replicator.cluster.Nodes;
import io.flotilla.replicator.log.LoggedSession;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** A manual probe (not a test): point selects through Flotilla and straight to a follower, alternating rounds. */
public final class PointSelectProbe {

    public static void main(String[] args) throws Exception {
        try (FlotillaCluster c = TestClusters.start(3, Map.of())) {
            c.startReplication();
            try (LoggedSession s = c.openSession()) {
                s.execute("CREATE TABLE kv (id INT PRIMARY KEY, v BIGINT)", List.of());
                s.execute("INSERT INTO kv SELECT seq, seq FROM seq_1_to_10000", List.of());
            }
            c.awaitCaughtUp(30_000);
            String f = c.followers().get(0);
            String lb = args.length > 0 ? args[0] : "round-robin";
            String url = "jdbc:flotilla://" + c.config().nodes().get(c.leader()) + "/app?user=app&password=app&load-balancer=" + lb;
            String direct = "jdbc:mysql://" + c.config().nodes().get(f) + "/app?" + Nodes.OPTIONS;
            for (int round = 0; round < 6; round++) {
                double fl = rate(DriverManager.getConnection(url));
                double di = rate(DriverManager.getConnection(direct, "app", "app"));
                System.out.printf("round %d: flotilla %.0f/s direct %.0f/s ratio %.2f%n", round, fl, di, fl / di);
            }
        }
    }

    private static double rate(Connection conn) throws Exception {
        try (conn; PreparedStatement ps = conn.prepareStatement("SELECT v FROM kv WHERE id = ?")) {
            long end = System.nanoTime() + 2_000_000_000L;
            long t0 = System.nanoTime();
            int n = 0;
            while (System.nanoTime() < end) {
                ps.setInt(1, ThreadLocalRandom.current().nextInt(1, 10_001));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                }
                n++;
            }
            return n / ((System.nanoTime() - t0) / 1e9);
        }
    }
}
