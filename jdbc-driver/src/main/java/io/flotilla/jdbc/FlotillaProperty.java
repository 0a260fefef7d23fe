package io.flotilla.jdbc;

import io.flotilla.routing.config.PropertySpec;
import io.flotilla.routing.config.ConfigType;
import java.util.List;

/** The driver's connection properties (URL query, {@code Properties}, or the {@code configFile}). */
public enum FlotillaProperty implements PropertySpec.Defined {
    USER(PropertySpec.of("user", ConfigType.STRING, null, "The database user (the application user of the cluster).")),
    PASSWORD(PropertySpec.of("password", ConfigType.STRING, null, "The database user's password.")),
    CONFIG_FILE(PropertySpec.of("configFile", ConfigType.PATH, null, "A properties file with routing rules and further driver settings.")),
    CONSISTENCY(PropertySpec.of("consistency", ConfigType.STRING, "read-your-writes",
            "Default read consistency: strong, read-your-writes, monotonic, bounded:<millis> or eventual.")),
    CONSISTENCY_WAIT_MS(PropertySpec.of("consistency.wait-ms", ConfigType.INT, "100",
            "How long a read waits for a follower to catch up before it falls back.")),
    CONSISTENCY_FALLBACK(PropertySpec.choice("consistency.fallback", "leader",
            "What a read does when no follower qualifies in time: go to the leader, or fail with an error.",
            List.of("leader", "error"))),
    LOAD_BALANCER(PropertySpec.choice("load-balancer", "round-robin",
            "How a read picks among qualifying followers.", List.of("round-robin", "least-lag", "least-outstanding"))),
    LOAD_BALANCER_AFFINITY(PropertySpec.choice("load-balancer.affinity", "session",
            "session: a connection keeps reading from the follower it last used while that follower qualifies (the balancer"
                    + " spreads connections); statement: the balancer picks for every statement.", List.of("session", "statement"))),
    TOKEN(PropertySpec.of("flotilla.token", ConfigType.STRING, null,
            "A consistency token from another connection or service; reads on this connection will not see older data.")),
    FAILOVER_WAIT_MS(PropertySpec.of("failover.wait-ms", ConfigType.INT, "15000",
            "How long an autocommit write refused by a demoted, read-only leader (error 1290) waits for the new leader before the error is returned.")),
    POOL_MAX_SIZE(PropertySpec.of("pool.max-size", ConfigType.INT, "10", "The most backend connections the driver keeps per node.")),
    POSITION_MAX_AGE_MS(PropertySpec.of("position.max-age-ms", ConfigType.INT, "20",
            "How often (while statements route) the followers' applied positions are re-read, in the background: a position"
                    + " older than this is still used but counts its age as lag, and one that makes a read wait is re-read at once."
                    + " A follower already at the leader's head (re-read each time) is carried forward without a query for up to 1 s."));

    private final PropertySpec spec;

    FlotillaProperty(PropertySpec spec) {
        this.spec = spec;
    }

    @Override
    public PropertySpec spec() {
        return spec;
    }

    /** The property of that key, if it is one of the driver's. */
    public static java.util.Optional<FlotillaProperty> of(String key) {
        for (FlotillaProperty p : values()) {
            if (p.key().equals(key)) {
                return java.util.Optional.of(p);
            }
        }
        return java.util.Optional.empty();
    }
}
