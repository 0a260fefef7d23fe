package io.flotilla.replicator.failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.replicator.TestClusters;
import io.flotilla.replicator.cluster.FlotillaCluster;
import io.flotilla.replicator.log.LoggedSession;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A second leader death within failover.min-interval-ms is not failed over automatically; a manual failover still is. */
class FailoverRateLimitTest {

    @Test
    void automaticFailoversAreRateLimited() throws Exception {
        Map<String, String> props = Map.of("failover.heartbeat-ms", "100", "failover.timeout-ms", "400",
                "failover.min-interval-ms", "600000");
        try (FlotillaCluster cluster = TestClusters.start(3, props)) {
            cluster.startReplication();
            cluster.startFailoverManager();
            try (LoggedSession s = cluster.openSession()) {
                s.execute("CREATE TABLE t (id INT PRIMARY KEY)", List.of());
                s.execute("INSERT INTO t VALUES (1)", List.of());
            }
            assertThat(cluster.awaitCaughtUp(30_000)).isTrue();
            cluster.embeddedNode("n1").kill();
            long deadline = System.currentTimeMillis() + 15_000;
            while (!cluster.leader().equals("n2")) {
                assertThat(System.currentTimeMillis()).as("first failover").isLessThan(deadline);
                Thread.sleep(20);
            }
            cluster.embeddedNode("n2").kill();
            // Ten timeouts' worth: an unlimited manager would have promoted n3 long before.
            Thread.sleep(4_000);
            assertThat(cluster.leader()).as("no second automatic failover within the interval").isEqualTo("n2");
            assertThat(cluster.epoch()).isEqualTo(2);
            PromotionResult manual = cluster.failover();
            assertThat(manual.leader()).isEqualTo("n3");
            assertThat(cluster.leader()).isEqualTo("n3");
            assertThat(cluster.epoch()).isEqualTo(3);
            try (LoggedSession s = cluster.openSession()) {
                s.execute("INSERT INTO t VALUES (2)", List.of());
            }
        }
    }
}
