package io.flotilla.replicator.sync;

import io.flotilla.replicator.config.ReplicationMode;
import io.flotilla.replicator.log.AckWaiter;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acknowledges commits in semi-sync and sync modes for every writer of one process: a single poller thread reads the
 * synchronous followers' durable applied positions (one query per follower per round) and wakes every commit at or
 * below the k-th highest of them, group-commit style. It also decides, on the leader's record, promotions
 * (semi-sync), the fallback to async and the return from it ({@link SyncDecisions}).
 */
public final class SyncAckTracker implements AckWaiter, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SyncAckTracker.class);
    /** How stale the cached leader record may get while commits wait (other processes may have changed it). */
    private static final long STATE_REFRESH_NANOS = 20_000_000L;

    private final Supplier<String> leader;
    private final SyncPositions positions;
    private final SyncDecisions decisions;
    private final long pollNanos;
    private final ConcurrentSkipListMap<Long, Long> waiting = new ConcurrentSkipListMap<>();
    private final Map<String, Long> reported = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition progress = lock.newCondition();
    private final Thread poller;
    private final AtomicLong acks = new AtomicLong();
    private final AtomicLong asyncAcks = new AtomicLong();
    private volatile SyncState state;
    private final AtomicLong acked = new AtomicLong();
    private volatile boolean closed;
    private long stateReadAt;
    private long lastFailureLog;

    /**
     * Starts the poller.
     *
     * @param initial the leader's record as read at start-up or discovery
     * @param leader the current leader's name
     * @param followers the current followers (candidates for promotion and for the return from async)
     * @param opener connections to any node (kept open by the poller)
     * @param pollMicros how long the poller sleeps between rounds while commits wait
     */
    public SyncAckTracker(SyncState initial, Supplier<String> leader, Supplier<List<String>> followers, NodeOpener opener, long pollMicros) {
        this.state = initial;
        this.leader = leader;
        this.positions = new SyncPositions(opener);
        this.decisions = new SyncDecisions(positions, leader, followers);
        this.pollNanos = TimeUnit.MICROSECONDS.toNanos(Math.max(1, pollMicros));
        this.stateReadAt = System.nanoTime();
        this.lastFailureLog = stateReadAt - 10_000_000_000L;
        this.poller = new Thread(this::pollLoop, "flotilla-sync-acks");
        poller.setDaemon(true);
        poller.start();
    }

    /** The leader's record as this process last read it. */
    public SyncState state() {
        return state;
    }

    public SyncMetrics metrics() {
        return decisions.metrics(acks.get(), asyncAcks.get());
    }

    /**
     * An applier in this process has committed entries up to {@code lsn} on {@code node} (its COMMIT returned, so the
     * position is as durable as the one the poller would read): the poller may use it instead of querying.
     */
    public void applied(String node, long lsn) {
        reported.merge(node, lsn, Math::max);
        if (waiting.isEmpty()) {
            return;
        }
        SyncState s = state;
        if (!s.degraded()) {
            // Acknowledge straight from the applier's thread: one thread hand-off less than through the poller.
            long[] pos = new long[s.syncSet().size()];
            for (int i = 0; i < pos.length; i++) {
                pos[i] = reported.getOrDefault(s.syncSet().get(i), SyncPositions.UNKNOWN);
            }
            advance(kth(pos, s.settings().syncFollowers()));
        }
        LockSupport.unpark(poller);
    }

    private void advance(long ack) {
        long before = acked.get();
        if (ack > before && acked.accumulateAndGet(ack, Math::max) > before) {
            signalWaiters();
        }
    }

    @Override
    public void awaitAck(long lsn) throws SQLException {
        SyncState s = state;
        if (!s.settings().waits() || lsn <= acked.get()) {
            acks.incrementAndGet();
            return;
        }
        if (s.degraded()) {
            asyncAcks.incrementAndGet();
            return;
        }
        waiting.put(lsn, System.nanoTime());
        LockSupport.unpark(poller);
        lock.lock();
        try {
            while (true) {
                if (acked.get() >= lsn) {
                    acks.incrementAndGet();
                    return;
                }
                if (state.degraded()) {
                    asyncAcks.incrementAndGet();
                    return;
                }
                if (closed) {
                    throw new UnacknowledgedCommitException(lsn, "the writer was closed while the commit waited");
                }
                try {
                    progress.await(50, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new UnacknowledgedCommitException(lsn, "the waiting thread was interrupted");
                }
            }
        } finally {
            lock.unlock();
            waiting.remove(lsn);
        }
    }

    private void pollLoop() {
        while (!closed) {
            try {
                if (waiting.isEmpty() && !state.degraded()) {
                    // Nothing to acknowledge: sleep until a commit arrives (awaitAck unparks us).
                    LockSupport.parkNanos(1_000_000_000L);
                    continue;
                }
                round();
            } catch (SQLException | RuntimeException e) {
                // Typically the leader is unreachable: commits keep waiting; say so, but not on every retry.
                long now = System.nanoTime();
                if (now - lastFailureLog > 5_000_000_000L) {
                    lastFailureLog = now;
                    LOG.warn("acknowledgement poll failed ({} commit(s) waiting): {}", waiting.size(), e.getMessage());
                }
                LockSupport.parkNanos(10_000_000L);
            }
        }
    }

    private void round() throws SQLException {
        long now = System.nanoTime();
        if (now - stateReadAt > STATE_REFRESH_NANOS) {
            refreshState();
        }
        SyncState s = state;
        if (s.degraded()) {
            if (decisions.tryRecover(s)) {
                refreshState();
            } else {
                signalWaiters();
                LockSupport.parkNanos(20_000_000L);
            }
            return;
        }
        advance(kth(syncPositions(s.syncSet()), s.settings().syncFollowers()));
        var oldest = waiting.firstEntry();
        if (oldest != null && oldest.getKey() > acked.get()) {
            long waitedMs = (now - oldest.getValue()) / 1_000_000L;
            boolean changed = false;
            if (s.settings().mode() == ReplicationMode.SEMI_SYNC && waitedMs >= s.settings().promoteAfterMs()) {
                changed = decisions.tryPromote(s, oldest.getKey(), waitedMs);
            }
            if (!changed && waitedMs >= s.settings().timeoutMs()) {
                changed = decisions.onTimeout(s, oldest.getKey(), waitedMs);
            }
            if (changed) {
                refreshState();
                signalWaiters();
                return;
            }
        }
        if (!waiting.isEmpty()) {
            LockSupport.parkNanos(pollNanos);
        }
    }

    /** Positions of the synchronous set; an in-process applier's report saves the query when it covers every waiter. */
    private long[] syncPositions(List<String> set) {
        Long newest = waiting.isEmpty() ? null : waiting.lastKey();
        long[] out = new long[set.size()];
        for (int i = 0; i < out.length; i++) {
            Long r = reported.get(set.get(i));
            out[i] = r != null && newest != null && r >= newest ? r : positions.applied(set.get(i));
        }
        return out;
    }

    private void refreshState() throws SQLException {
        stateReadAt = System.nanoTime();
        SyncState s = positions.state(leader.get()).orElse(null);
        if (s != null && s.version() != state.version()) {
            state = s;
            signalWaiters();
        }
    }

    /** The k-th highest position: the newest LSN that k followers of the set have applied (unknown counts as none). */
    static long kth(long[] pos, int k) {
        if (pos.length < k) {
            return SyncPositions.UNKNOWN;
        }
        long[] sorted = pos.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length - k];
    }

    private void signalWaiters() {
        lock.lock();
        try {
            progress.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(poller);
        signalWaiters();
        try {
            poller.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        positions.close();
    }
}
