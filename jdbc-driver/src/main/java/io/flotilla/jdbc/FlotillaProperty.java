package io.flotilla.jdbc;

import io.flotilla.routing.config.ConfigProperty;
import io.flotilla.routing.config.ConfigType;
import java.util.List;

/** The driver's connection properties (URL query, {@code Properties}, or the {@code configFile}). */
public enum FlotillaProperty implements ConfigProperty {
    USER("user", ConfigType.STRING, null, "The database user (the application user of the cluster)."),
    PASSWORD("password", ConfigType.STRING, null, "The database user's password."),
    CONFIG_FILE("configFile", ConfigType.PATH, null, "A properties file with routing rules and further driver settings."),
    CONSISTENCY("consistency", ConfigType.STRING, "read-your-writes",
            "Default read consistency: strong, read-your-writes, monotonic, bounded:<millis> or eventual."),
    CONSISTENCY_WAIT_MS("consistency.wait-ms", ConfigType.INT, "100",
            "How long a read waits for a follower to catch up before it falls back."),
    CONSISTENCY_FALLBACK("consistency.fallback", ConfigType.CHOICE, "leader",
            "What a read does when no follower qualifies in time: go to the leader, or fail with an error.",
            List.of("leader", "error")),
    LOAD_BALANCER("load-balancer", ConfigType.CHOICE, "round-robin",
            "How a read picks among qualifying followers.", List.of("round-robin", "least-lag", "least-outstanding")),
    LOAD_BALANCER_AFFINITY("load-balancer.affinity", ConfigType.CHOICE, "session",
            "session: a connection keeps reading from the follower it last used while that follower qualifies (the balancer"
                    + " spreads connections); statement: the balancer picks for every statement.", List.of("session", "statement")),
    TOKEN("flotilla.token", ConfigType.STRING, null,
            "A consistency token from another connection or service; reads on this connection will not see older data."),
    POOL_MAX_SIZE("pool.max-size", ConfigType.INT, "10", "The most backend connections the driver keeps per node."),
    POSITION_MAX_AGE_MS("position.max-age-ms", ConfigType.INT, "20",
            "How long a follower's applied position may be cached before it is read again.");

    private final String key;
    private final ConfigType type;
    private final String defaultValue;
    private final String description;
    private final List<String> choices;

    FlotillaProperty(String key, ConfigType type, String defaultValue, String description) {
        this(key, type, defaultValue, description, List.of());
    }

    FlotillaProperty(String key, ConfigType type, String defaultValue, String description, List<String> choices) {
        this.key = key;
        this.type = type;
        this.defaultValue = defaultValue;
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
    public List<String> choices() {
        return choices;
    }

    /** The property of that key, if it is one of the driver's. */
    public static java.util.Optional<FlotillaProperty> of(String key) {
        for (FlotillaProperty p : values()) {
            if (p.key.equals(key)) {
                return java.util.Optional.of(p);
            }
        }
        return java.util.Optional.empty();
    }
}
