package io.flotilla.replicator.cluster;

import io.flotilla.embedded.EmbeddedNode;
import io.flotilla.replicator.config.ClusterConfig;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The embedded MariaDB nodes this process started, by name. */
final class EmbeddedNodes {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedNodes.class);

    private final ClusterConfig config;
    private final Nodes nodes;
    /** Guarded by itself: the maintenance thread starts nodes while close() (a shutdown hook) may stop them. */
    private final Map<String, EmbeddedNode> started = new LinkedHashMap<>();

    EmbeddedNodes(ClusterConfig config, Nodes nodes) {
        this.config = config;
        this.nodes = nodes;
    }

    /** Starts the node of that name on its configured port and data directory. */
    void start(String name) {
        // Every node starts read-only (a restarted old leader must take no write before it is reconciled); start()
        // opens the leader once the epochs are known.
        EmbeddedNode n = new EmbeddedNode(name, nodes.address(name).port(), FollowerProvisioning.embeddedDir(config, name), List.of("--read-only"),
                EmbeddedNode.localRootInitSql());
        try {
            n.start();
        } catch (UncheckedIOException e) {
            throw new IllegalStateException("cannot start embedded node " + name + ": " + e.getMessage(), e);
        }
        synchronized (started) {
            started.put(name, n);
        }
    }

    boolean has(String name) {
        synchronized (started) {
            return started.containsKey(name);
        }
    }

    /** Stops (cleanly) and forgets a node this process started. */
    void stop(String name) {
        EmbeddedNode n;
        synchronized (started) {
            n = started.remove(name);
        }
        if (n != null) {
            n.close();
        }
    }

    /** The node of that name; fails when this process did not start one. */
    EmbeddedNode get(String name) {
        EmbeddedNode n;
        synchronized (started) {
            n = started.get(name);
        }
        if (n == null) {
            throw new IllegalArgumentException("no embedded node " + name);
        }
        return n;
    }

    /** Stops every node; a node that fails to stop is logged, so the others still stop. */
    void closeAll() {
        List<EmbeddedNode> all;
        synchronized (started) {
            all = List.copyOf(started.values());
            started.clear();
        }
        for (EmbeddedNode n : all) {
            try {
                n.close();
            } catch (RuntimeException e) {
                LOG.warn("stopping {}: {}", n.name(), e.getMessage());
            }
        }
    }
}
