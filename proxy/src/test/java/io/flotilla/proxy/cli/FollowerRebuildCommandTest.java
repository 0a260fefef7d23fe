package io.flotilla.proxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.jdbc.ClusterDiscovery;
import io.flotilla.jdbc.Topology;
import io.flotilla.replicator.TestClusters;
import io.flotilla.replicator.cluster.FlotillaCluster;
import io.flotilla.replicator.cluster.FollowerProvisioning;
import io.flotilla.replicator.config.ClusterConfig;
import io.flotilla.replicator.failover.DivergenceReport;
import io.flotilla.replicator.failover.LostWritesScenario;
import io.flotilla.replicator.failover.Operator;
import io.flotilla.replicator.log.LoggedSession;
import io.flotilla.routing.config.HostPort;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code flotilla follower rebuild} from another process than the running replicator: a returned old leader that is
 * excluded with lost writes is rebuilt (its lost writes printed and archived), and the running failover manager
 * readmits it as a follower.
 */
class FollowerRebuildCommandTest {

    @Test
    void excludedOldLeaderRebuiltFromTheCommandLineRejoins() throws Exception {
        Path dir = Files.createTempDirectory("flotilla-follower-rebuild");
        // n1 trails by 2 s once rebuilt, so that drivers are seen leaving it out while it catches up.
        Map<String, String> props = Map.of("replication.apply-delay.n2", "200", "replication.apply-delay.n3", "600",
                "replication.apply-delay.n1", "2000");
        try (FlotillaCluster cluster = TestClusters.start(3, props)) {
            // This process plays `flotilla up`; the command below talks to it only through the nodes.
            cluster.startReplication();
            cluster.startFailoverManager();
            Path config = dir.resolve("cluster.properties");
            String nodes = cluster.config().nodes().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
            Files.writeString(config, "cluster.nodes=" + nodes + "\nembedded.enabled=false\n");
            ClusterDiscovery discovery = new ClusterDiscovery(cluster.config().user(), cluster.config().password());
            List<HostPort> seeds = List.copyOf(cluster.config().nodes().values());
            DivergenceReport report;
            try (LostWritesScenario load = new LostWritesScenario(cluster, 3)) {
                report = load.killLeaderAndAwaitExclusion();

                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                PrintStream savedOut = System.out;
                PrintStream savedErr = System.err;
                int refused;
                int code;
                try {
                    System.setOut(new PrintStream(out, true));
                    System.setErr(new PrintStream(err, true));
                    // A follower in replication is refused: the `up` process runs its applier.
                    refused = new CommandLine(new FlotillaCommand()).execute("follower", "rebuild", "n3", config.toString());
                    assertThat(err.toString()).contains("not excluded");
                    err.reset();
                    code = new CommandLine(new FlotillaCommand()).execute("follower", "rebuild", "n1", config.toString());
                } finally {
                    System.setOut(savedOut);
                    System.setErr(savedErr);
                }
                assertThat(refused).isNotZero();
                assertThat(code).as(err.toString()).isZero();
                String printed = out.toString();
                assertThat(printed).contains("LOST WRITES").contains(report.lsnRanges()).contains("rebuilt at LSN");
                for (long lsn : report.lsns()) {
                    assertThat(printed).contains("LSN " + lsn + " (epoch 1): INSERT INTO t VALUES");
                }
                assertThat(err.toString()).as("progress bar on stderr").contains("rows/s");

                // The running failover manager sees the lifted exclusion and lets n1 follow, while the writers go on.
                long deadline = System.currentTimeMillis() + 20_000;
                while (!cluster.followers().contains("n1")) {
                    assertThat(System.currentTimeMillis()).as("the up process never readmitted n1").isLessThan(deadline);
                    Thread.sleep(50);
                }
                assertThat(cluster.failoverManager().excluded()).isEmpty();
                // What a driver discovers: n1 follows but is not read from while it trails (writers running).
                for (int i = 0; i < 5; i++) {
                    assertThat(discovery.discover(seeds).nodes()).as("driver members").containsOnlyKeys("n2", "n3");
                    Thread.sleep(100);
                }
            }
            assertThat(cluster.awaitActive("n1", 60_000)).as("n1 routed again once caught up").isTrue();
            Topology topology = discovery.discover(seeds);
            assertThat(topology.leader()).isEqualTo("n2");
            assertThat(topology.followers()).containsExactlyInAnyOrder("n1", "n3");
            try (LoggedSession s = cluster.openSession()) {
                s.execute("UPDATE t SET w = w + 1 WHERE id % 3 = 0", List.of());
            }
            assertThat(cluster.awaitCaughtUp(60_000)).isTrue();
            Map<String, Long> leader = cluster.checksums("n2");
            assertThat(cluster.checksums("n1")).isEqualTo(leader);
            assertThat(cluster.checksums("n3")).isEqualTo(leader);
            try (Connection c = cluster.nodes().replicator("n2")) {
                assertThat(FollowerProvisioning.members(c).get("n1").state()).isEqualTo(FollowerProvisioning.ACTIVE);
            }
            // The record of the lost writes is still there for the operator after the rebuild.
            assertThat(new Operator(ClusterConfig.load(config)).archivedLostWrites()).singleElement()
                    .satisfies(a -> assertThat(a.lsns()).isEqualTo(report.lsns()));
            ByteArrayOutputStream status = new ByteArrayOutputStream();
            PrintStream savedOut = System.out;
            try {
                System.setOut(new PrintStream(status, true));
                assertThat(new CommandLine(new FlotillaCommand()).execute("status", config.toString())).isZero();
            } finally {
                System.setOut(savedOut);
            }
            assertThat(status.toString()).contains("archived lost writes").contains(report.summary()).doesNotContain("excluded");
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
