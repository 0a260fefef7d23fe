package io.flotilla.replicator.sync;

import io.flotilla.replicator.config.ClusterProperty;
import io.flotilla.replicator.config.ReplicationMode;
import io.flotilla.routing.config.ConfigException;
import io.flotilla.routing.config.TypedConfig;

/**
 * When a commit is acknowledged: the mode, how many synchronous followers must have applied it, and what happens
 * when they do not within the timeout.
 *
 * @param syncFollowers acknowledgements a commit needs (semi-sync/sync)
 * @param timeoutMs how long a commit waits before {@code onTimeout} applies
 * @param promoteAfterMs semi-sync: how long a commit waits before a caught-up asynchronous follower replaces a slow
 *     synchronous one
 */
public record SyncSettings(ReplicationMode mode, int syncFollowers, long timeoutMs, OnTimeout onTimeout, long promoteAfterMs) {

    /** What a commit does after waiting {@code timeoutMs} without its acknowledgements. */
    public enum OnTimeout {
        /** Keep waiting (and warn): no write is acknowledged without its synchronous copies. */
        BLOCK,
        /** Fall back to async loudly until a synchronous follower has caught up again. */
        ASYNC;

        static OnTimeout parse(String s) {
            return valueOf(s.toUpperCase(java.util.Locale.ROOT));
        }

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Plain async: acknowledged after the leader commit. */
    public static final SyncSettings ASYNC = new SyncSettings(ReplicationMode.ASYNC, 0, 0, OnTimeout.BLOCK, 0);

    public SyncSettings {
        if (mode != ReplicationMode.ASYNC && syncFollowers < 1) {
            throw new IllegalArgumentException("syncFollowers must be at least 1 in " + mode);
        }
    }

    /** Whether commits wait for followers at all. */
    public boolean waits() {
        return mode != ReplicationMode.ASYNC;
    }

    /**
     * Reads and validates the settings of a cluster configuration.
     *
     * @param followerCount how many followers the cluster has (k cannot exceed it)
     */
    public static SyncSettings from(TypedConfig c, ReplicationMode mode, int followerCount) {
        int k = c.integer(ClusterProperty.REPLICATION_SYNC_FOLLOWERS);
        long timeout = c.longValue(ClusterProperty.REPLICATION_SYNC_TIMEOUT_MS);
        long promote = c.longValue(ClusterProperty.REPLICATION_PROMOTE_AFTER_MS);
        if (timeout < 1) {
            throw new ConfigException(ClusterProperty.REPLICATION_SYNC_TIMEOUT_MS.key(), "must be at least 1");
        }
        if (promote < 0) {
            throw new ConfigException(ClusterProperty.REPLICATION_PROMOTE_AFTER_MS.key(), "must not be negative");
        }
        if (c.integer(ClusterProperty.REPLICATION_POLL_MIN_US) < 1) {
            throw new ConfigException(ClusterProperty.REPLICATION_POLL_MIN_US.key(), "must be at least 1");
        }
        if (mode == ReplicationMode.ASYNC) {
            return ASYNC;
        }
        if (k < 1) {
            throw new ConfigException(ClusterProperty.REPLICATION_SYNC_FOLLOWERS.key(), "must be at least 1");
        }
        if (k > followerCount) {
            throw new ConfigException(ClusterProperty.REPLICATION_SYNC_FOLLOWERS.key(), k + " synchronous followers need at least "
                    + (k + 1) + " nodes; cluster.nodes has " + (followerCount + 1) + " (" + mode + " cannot acknowledge anything)");
        }
        return new SyncSettings(mode, k, timeout, OnTimeout.parse(c.get(ClusterProperty.REPLICATION_ON_SYNC_TIMEOUT)), promote);
    }
}
