package io.flotilla.proxy.cli;

import io.flotilla.embedded.LoopbackPorts;
import io.flotilla.replicator.cluster.FlotillaCluster;
import io.flotilla.replicator.config.ClusterConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/** An embedded cluster on free loopback ports in a temporary directory, removed on close (demo and bench). */
final class TempCluster implements AutoCloseable {

    private final Path dir;
    private final FlotillaCluster cluster;

    TempCluster(int size, Map<String, String> extra) throws Exception {
        dir = Files.createTempDirectory("flotilla-");
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
        cluster = new FlotillaCluster(ClusterConfig.from(p, dir));
    }

    FlotillaCluster cluster() {
        return cluster;
    }

    Path dir() {
        return dir;
    }

    @Override
    public void close() {
        cluster.close();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A leftover temp directory is harmless.
        }
    }
}
