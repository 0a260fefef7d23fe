package io.flotilla.replicator.failover;

import io.flotilla.replicator.TestClusters;
import io.flotilla.replicator.cluster.FlotillaCluster;
import io.flotilla.replicator.log.LogSchema;
import io.flotilla.replicator.log.LoggedSession;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A manual probe (not a test): logged autocommit writes with and without the epoch-fence trigger on flotilla.log, one
 * embedded node, 1 thread, interleaved rounds, medians. Run with the test classpath (main method).
 */
public final class EpochFenceCostProbe {

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        long roundMs = args.length > 1 ? Long.parseLong(args[1]) : 2000;
        try (FlotillaCluster c = TestClusters.start(1, Map.of())) {
            try (LoggedSession s = c.openSession()) {
                s.execute("CREATE TABLE b (id BIGINT AUTO_INCREMENT PRIMARY KEY, k INT, ts DATETIME(6))", List.of());
                List<Double> with = new ArrayList<>();
                List<Double> without = new ArrayList<>();
                for (int r = 0; r < rounds * 2; r++) {
                    // Alternate which side goes first in each pair.
                    boolean trigger = (r % 2 == 0) == ((r / 2) % 2 == 0);
                    try (Connection admin = c.nodes().replicator("n1"); Statement st = admin.createStatement()) {
                        if (trigger) {
                            LogSchema.create(admin);
                        } else {
                            st.execute("DROP TRIGGER IF EXISTS flotilla.log_epoch_fence");
                        }
                    }
                    long n = 0;
                    long end = System.nanoTime() + roundMs * 1_000_000;
                    while (System.nanoTime() < end) {
                        s.execute("INSERT INTO b (k, ts) VALUES (?, NOW(6))", List.of((int) n));
                        n++;
                    }
                    (trigger ? with : without).add(n * 1000.0 / roundMs);
                }
                double w = median(with);
                double wo = median(without);
                System.out.printf("EPOCH-FENCE-COST with trigger %.0f/s, without %.0f/s, ratio %.3f (rounds with %s, without %s)%n",
                        w, wo, w / wo, with, without);
            }
        }
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.size() % 2 == 1 ? s.get(s.size() / 2) : (s.get(s.size() / 2 - 1) + s.get(s.size() / 2)) / 2;
    }
}
