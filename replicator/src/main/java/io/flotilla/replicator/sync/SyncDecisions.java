package io.flotilla.replicator.sync;

import io.flotilla.replicator.config.ReplicationMode;
import io.flotilla.replicator.sync.SyncSettings.OnTimeout;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The acknowledgement poller's changes to the leader's replication record: promoting a caught-up asynchronous
 * follower (semi-sync), falling back to async after the timeout, and returning once followers have caught up. Every
 * change is a conditional update, so writers in several processes make it once and then all see the same record.
 */
final class SyncDecisions {

    private static final Logger LOG = LoggerFactory.getLogger(SyncDecisions.class);
    private static final long PROMOTE_CHECK_NANOS = 5_000_000L;

    private final SyncPositions positions;
    private final Supplier<String> leader;
    private final Supplier<List<String>> followers;
    private final AtomicLong fallbacks = new AtomicLong();
    private final AtomicLong recoveries = new AtomicLong();
    private final AtomicLong promotions = new AtomicLong();
    private final AtomicLong blockedWarnings = new AtomicLong();
    private long lastPromoteCheck;
    private long blockedLsn = -1;
    private long nextBlockWarningMs;

    SyncDecisions(SyncPositions positions, Supplier<String> leader, Supplier<List<String>> followers) {
        this.positions = positions;
        this.leader = leader;
        this.followers = followers;
    }

    SyncMetrics metrics(long acks, long asyncAcks) {
        return new SyncMetrics(acks, asyncAcks, fallbacks.get(), recoveries.get(), promotions.get(), blockedWarnings.get());
    }

    /**
     * Semi-sync: if an asynchronous follower has already applied the oldest waiting commit, it replaces the slowest
     * synchronous follower that has not.
     *
     * @return whether the record changed
     */
    boolean tryPromote(SyncState s, long lsn, long waitedMs) throws SQLException {
        long now = System.nanoTime();
        if (now - lastPromoteCheck < PROMOTE_CHECK_NANOS) {
            return false;
        }
        lastPromoteCheck = now;
        List<String> others = followers.get().stream().filter(f -> !s.syncSet().contains(f)).toList();
        long[] otherPos = positions.applied(others);
        String candidate = null;
        long best = -1;
        for (int i = 0; i < others.size(); i++) {
            if (otherPos[i] >= lsn && otherPos[i] > best) {
                best = otherPos[i];
                candidate = others.get(i);
            }
        }
        if (candidate == null) {
            return false;
        }
        long[] setPos = positions.applied(s.syncSet());
        int slowest = -1;
        for (int i = 0; i < setPos.length; i++) {
            if (setPos[i] < lsn && (slowest < 0 || setPos[i] < setPos[slowest])) {
                slowest = i;
            }
        }
        if (slowest < 0) {
            return false;
        }
        List<String> set = new ArrayList<>(s.syncSet());
        String replaced = set.set(slowest, candidate);
        if (positions.compareAndSet(leader.get(), s, set, 0, false)) {
            promotions.incrementAndGet();
            LOG.warn("semi-sync: synchronous follower {} has not applied LSN {} after {} ms (its position: {}); {} (applied {}) is"
                    + " synchronous in its place; synchronous set now {}", replaced, lsn, waitedMs, describe(setPos[slowest]), candidate, best, set);
        }
        return true;
    }

    /**
     * The oldest waiting commit has waited the timeout: fall back to async, or warn that commits stay blocked.
     *
     * @return whether the record changed
     */
    boolean onTimeout(SyncState s, long lsn, long waitedMs) throws SQLException {
        if (s.settings().onTimeout() == OnTimeout.BLOCK) {
            // Warn at the timeout, then at doubling intervals: loud enough to notice, not a log flood.
            if (blockedLsn != lsn) {
                blockedLsn = lsn;
                nextBlockWarningMs = 0;
            }
            if (waitedMs >= nextBlockWarningMs) {
                nextBlockWarningMs = Math.max(waitedMs, 1) * 2;
                blockedWarnings.incrementAndGet();
                LOG.warn("replication.mode={}: commit at LSN {} has waited {} ms for synchronous follower(s) {}; it is committed on the"
                        + " leader and stays unacknowledged until they apply it (replication.on-sync-timeout=block)",
                        s.settings().mode(), lsn, waitedMs, s.syncSet());
            }
            return false;
        }
        long since = Instant.now().toEpochMilli() * 1000;
        if (positions.compareAndSet(leader.get(), s, s.syncSet(), since, true)) {
            fallbacks.incrementAndGet();
            LOG.warn("replication.mode={}: no acknowledgement from synchronous follower(s) {} for LSN {} within {} ms;"
                    + " FALLING BACK TO ASYNC (replication.on-sync-timeout=async): commits are acknowledged after the leader commit"
                    + " until a synchronous follower has caught up", s.settings().mode(), s.syncSet(), lsn, waitedMs);
        }
        return true;
    }

    /**
     * While degraded: once k followers (sync: the designated ones; semi-sync: any, current members first) have applied
     * everything the leader had committed before the check, commits wait for acknowledgements again.
     *
     * @return whether the record changed
     */
    boolean tryRecover(SyncState s) throws SQLException {
        String l = leader.get();
        long head = positions.head(l);
        boolean semi = s.settings().mode() == ReplicationMode.SEMI_SYNC;
        List<String> candidates = new ArrayList<>(s.syncSet());
        if (semi) {
            followers.get().stream().filter(f -> !candidates.contains(f)).forEach(candidates::add);
        }
        long[] pos = positions.applied(candidates);
        List<String> caughtUp = new ArrayList<>();
        for (int i = 0; i < pos.length; i++) {
            if (pos[i] >= head) {
                caughtUp.add(candidates.get(i));
            }
        }
        int k = s.settings().syncFollowers();
        boolean enough = semi ? caughtUp.size() >= k : caughtUp.containsAll(s.syncSet());
        if (!enough) {
            return false;
        }
        List<String> set = semi ? caughtUp.subList(0, k) : s.syncSet();
        if (positions.compareAndSet(l, s, set, 0, false)) {
            recoveries.incrementAndGet();
            LOG.warn("replication.mode={}: synchronous follower(s) {} caught up with the leader (LSN {}); commits wait for"
                    + " acknowledgements again (async since {})", s.settings().mode(), set, head,
                    Instant.ofEpochMilli(s.degradedSinceUs() / 1000));
        }
        return true;
    }

    private static String describe(long pos) {
        return pos < 0 ? "unreachable" : Long.toString(pos);
    }
}
