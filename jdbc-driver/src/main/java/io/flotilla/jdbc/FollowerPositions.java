package io.flotilla.jdbc;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.flotilla.replicator.log.LogSchema;
import io.flotilla.routing.route.NodeView;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The applied positions of the followers, read from the followers themselves, cached briefly with Caffeine and
 * never allowed to go backwards; a stale entry is re-read before a read is refused.
 *
 * <p>While statements keep asking, the positions are re-read in the background once they are three quarters of
 * {@code maxAge} old, so the statement that finds them expired does not pay the probe round trips itself (they cost
 * a proxied point select more than the select); an expired entry is still read synchronously, so no view is ever
 * older than {@code maxAge}.
 */
final class FollowerPositions implements AutoCloseable {

    /** Opens a connection to a node for position checks. */
    interface Probe {
        Connection open(String node) throws SQLException;
    }

    private final Probe probe;
    private final Cache<String, NodeView> cache;
    private final Cache<String, Long> heads;
    private final Map<String, Long> highWater = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> outstanding = new ConcurrentHashMap<>();
    private final long refreshAfterNanos;
    /** When the last full read (synchronous or background) started; 0 before the first. */
    private volatile long lastRefresh;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private final ExecutorService refresher = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "flotilla-positions");
        t.setDaemon(true);
        return t;
    });

    FollowerPositions(Probe probe, Duration maxAge) {
        this.probe = probe;
        this.cache = Caffeine.newBuilder().expireAfterWrite(maxAge).build();
        this.heads = Caffeine.newBuilder().expireAfterWrite(maxAge).build();
        this.refreshAfterNanos = maxAge.toNanos() * 3 / 4;
    }

    /** The cached view of each follower, reading those that are missing or too old. */
    List<NodeView> views(String leader, List<String> followers, long leaderEpoch) {
        long now = System.nanoTime();
        if (now - lastRefresh > refreshAfterNanos && refreshing.compareAndSet(false, true)) {
            try {
                refresher.execute(() -> {
                    try {
                        refresh(leader, followers, leaderEpoch);
                    } finally {
                        refreshing.set(false);
                    }
                });
            } catch (RejectedExecutionException e) {
                refreshing.set(false); // closed: the synchronous reads below still work
            }
        }
        long head = heads.get(leader, this::readHead);
        List<NodeView> out = new ArrayList<>(followers.size());
        for (String f : followers) {
            out.add(cache.get(f, n -> read(n, leaderEpoch, head)));
        }
        return out;
    }

    /** Re-reads every follower (and the leader's head) now: a read is about to be refused or to wait. */
    List<NodeView> refresh(String leader, List<String> followers, long leaderEpoch) {
        lastRefresh = System.nanoTime();
        long head = readHead(leader);
        heads.put(leader, head);
        List<NodeView> out = new ArrayList<>(followers.size());
        for (String f : followers) {
            NodeView v = read(f, leaderEpoch, head);
            cache.put(f, v);
            out.add(v);
        }
        return out;
    }

    /** The leader's newest LSN, read now. */
    long freshHead(String leader) {
        long head = readHead(leader);
        heads.put(leader, head);
        return head;
    }

    /** Stops the background refresh (the caches keep working, synchronously). */
    @Override
    public void close() {
        refresher.shutdownNow();
    }

    private long readHead(String leader) {
        try (Connection c = probe.open(leader)) {
            return LogSchema.head(c);
        } catch (SQLException e) {
            return Long.MAX_VALUE;
        }
    }

    /** Takes a node out of rotation until its next successful read (its backend just failed). */
    void markDown(String node, long leaderEpoch) {
        cache.put(node, new NodeView(node, false, false, highWater.getOrDefault(node, 0L), leaderEpoch, Long.MAX_VALUE, 0));
    }

    /** Counts a statement in flight on a node, for the least-outstanding balancer. */
    AtomicInteger outstanding(String node) {
        return outstanding.computeIfAbsent(node, k -> new AtomicInteger());
    }

    private NodeView read(String node, long leaderEpoch, long leaderHead) {
        try (Connection c = probe.open(node); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT s.applied_lsn, s.applied_epoch, s.applied_created_us, c.epoch"
                     + " FROM flotilla.state s JOIN flotilla.cluster c ON c.id = 1 WHERE s.id = 1")) {
            rs.next();
            if (rs.getLong(4) < leaderEpoch) {
                // It missed a promotion (an old leader back, not yet reconciled): it may hold writes the cluster lost.
                return new NodeView(node, false, false, highWater.getOrDefault(node, 0L), leaderEpoch, Long.MAX_VALUE, 0);
            }
            long applied = highWater.merge(node, rs.getLong(1), Math::max);
            long createdMs = rs.getLong(3) / 1000;
            // Caught up means no lag; otherwise the age of the last applied entry bounds the staleness from above.
            long lag = applied >= leaderHead ? 0
                    : createdMs == 0 ? Long.MAX_VALUE : Math.max(0, System.currentTimeMillis() - createdMs);
            return new NodeView(node, false, true, applied, Math.max(rs.getLong(2), leaderEpoch), lag, outstanding(node).get());
        } catch (SQLException e) {
            return new NodeView(node, false, false, highWater.getOrDefault(node, 0L), leaderEpoch, Long.MAX_VALUE, 0);
        }
    }
}
