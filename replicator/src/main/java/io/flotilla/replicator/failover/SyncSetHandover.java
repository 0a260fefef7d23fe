package io.flotilla.replicator.failover;

import io.flotilla.replicator.sync.SyncSchema;
import io.flotilla.replicator.sync.SyncState;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps semi-sync/sync meaningful across a promotion: the new leader cannot acknowledge its own commits, so it leaves
 * the synchronous set recorded on it and the next followers of the new epoch (configuration order) take its place.
 */
final class SyncSetHandover {

    private static final Logger LOG = LoggerFactory.getLogger(SyncSetHandover.class);

    private SyncSetHandover() {
    }

    /** Rewrites the replication record on the new leader (before it takes writes); a no-op in async mode. */
    static void apply(Connection newLeader, String leaderName, String oldLeader, List<String> followers) throws SQLException {
        Optional<SyncState> state = SyncSchema.read(newLeader);
        if (state.isEmpty() || !state.get().settings().waits()) {
            return;
        }
        SyncState s = state.get();
        List<String> set = new ArrayList<>(s.syncSet());
        set.remove(leaderName);
        set.remove(oldLeader);
        set.retainAll(followers);
        for (String f : followers) {
            if (set.size() >= s.settings().syncFollowers()) {
                break;
            }
            if (!set.contains(f)) {
                set.add(f);
            }
        }
        if (!set.equals(s.syncSet())) {
            SyncSchema.compareAndSet(newLeader, s, set, s.degradedSinceUs(), false);
            LOG.info("synchronous set on the new leader {}: {} (was {})", leaderName, set, s.syncSet());
        }
    }
}
