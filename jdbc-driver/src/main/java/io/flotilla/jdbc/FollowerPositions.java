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
 * The applied positions of the followers, read from the followers themselves, cached with Caffeine and never allowed
 * to go backwards; a stale entry is re-read before a read is refused.
 *
 * <p>While statements keep asking, the positions are re-read in the background every three quarters of
 * {@code maxAge}, and a statement never waits for that read: a view older than {@code maxAge} is still served, with
 * its lag increased by its age. That is safe for every consistency level: an applied position only grows, so an old
 * one is a lower bound (read-your-writes and monotonic reads may wait or go to the leader a little more often, never
 * read older data), and the aged lag bounds the real one from above (bounded staleness). Only a follower never read,
 * or not read for a long time (no traffic), is read synchronously. Before, every session that found the entry
 * expired queued behind the one reading it: 10 to 30 ms stalls at 16 proxy sessions, measured with JFR.
 */
final class FollowerPositions implements AutoCloseable {

    /** Opens a connection to a node for position checks. */
    interface Probe {
        Connection open(String node) throws SQLException;
    }

    /**
     * A view, the time it holds for, and when the follower itself was last read (a view carried forward by
     * {@link #refresh} holds for the refresh's time without a read).
     */
    private record Timed(NodeView view, long readNanos, long probedNanos) {
        Timed(NodeView view, long nanos) {
            this(view, nanos, nanos);
        }
    }

    /** An applied position and the epoch the follower reported with it. */
    private record HighWater(long epoch, long lsn) {
        HighWater newer(HighWater b) {
            if (b.epoch != epoch) {
                return b.epoch > epoch ? b : this;
            }
            return b.lsn > lsn ? b : this;
        }
    }

    /** A caught-up follower is carried forward without a read for at most this long (it may have died meanwhile). */
    static final Duration CARRY_AT_MOST = Duration.ofSeconds(1);

    private final Probe probe;
    private final long maxAgeNanos;
    private final Cache<String, Timed> cache;
    private final Cache<String, Long> heads;
    /**
     * The highest applied position read per follower, within the newest epoch it reported: a follower rebuilt after a
     * failover may be behind what it held in the old epoch (its lost writes are gone), so an old epoch's mark is dropped.
     */
    private final Map<String, HighWater> highWater = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> outstanding = new ConcurrentHashMap<>();
    private final long refreshAfterNanos;
    private final long carryNanos;
    /** When the last full read (synchronous or background) started; 0 before the first. */
    private volatile long lastRefresh;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private final ExecutorService refresher = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "flotilla-positions");
        t.setDaemon(true);
        return t;
    });

    FollowerPositions(Probe probe, Duration maxAge) {
        this(probe, maxAge, CARRY_AT_MOST);
    }

    /** With how long a caught-up follower may go without being read (tests shorten it). */
    FollowerPositions(Probe probe, Duration maxAge, Duration carryAtMost) {
        this.probe = probe;
        this.carryNanos = carryAtMost.toNanos();
        this.maxAgeNanos = maxAge.toNanos();
        // Entries outlive maxAge (served aged, see above) until nobody has asked for a long while.
        Duration keep = maxAge.multipliedBy(50).compareTo(Duration.ofSeconds(1)) > 0 ? maxAge.multipliedBy(50) : Duration.ofSeconds(1);
        this.cache = Caffeine.newBuilder().expireAfterWrite(keep).build();
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
                        refreshCarrying(leader, followers, leaderEpoch);
                    } finally {
                        refreshing.set(false);
                    }
                });
            } catch (RejectedExecutionException e) {
                refreshing.set(false); // closed: the synchronous reads below still work
            }
        }
        List<NodeView> out = new ArrayList<>(followers.size());
        for (String f : followers) {
            Timed t = cache.getIfPresent(f);
            if (t == null) {
                long head = heads.get(leader, this::readHead);
                t = cache.get(f, n -> new Timed(read(n, leaderEpoch, head), System.nanoTime()));
            }
            out.add(aged(t, now));
        }
        return out;
    }

    /** The view as of now: past maxAge its lag grows by its age, since the follower may have stopped since. */
    private NodeView aged(Timed t, long now) {
        long age = now - t.readNanos();
        NodeView v = t.view();
        int inFlight = outstanding(v.name()).get(); // live, for the least-outstanding balancer
        boolean old = age > maxAgeNanos && v.lagMillis() != Long.MAX_VALUE;
        if (!old && inFlight == v.outstanding()) {
            return v;
        }
        long lag = old ? v.lagMillis() + age / 1_000_000L : v.lagMillis();
        return new NodeView(v.name(), v.leader(), v.healthy(), v.appliedLsn(), v.epoch(), lag, inFlight);
    }

    /** Re-reads every follower (and the leader's head) now: a read is about to be refused or to wait. */
    List<NodeView> refresh(String leader, List<String> followers, long leaderEpoch) {
        return refresh(leader, followers, leaderEpoch, false);
    }

    /**
     * The background refresh: reads the leader's head, and only the followers whose views could have changed (see
     * {@link #stillCaughtUp}); a read that waits uses {@link #refresh} and reads them all.
     */
    List<NodeView> refreshCarrying(String leader, List<String> followers, long leaderEpoch) {
        return refresh(leader, followers, leaderEpoch, true);
    }

    private List<NodeView> refresh(String leader, List<String> followers, long leaderEpoch, boolean carry) {
        long headNanos = System.nanoTime();
        lastRefresh = headNanos;
        long head = readHead(leader);
        heads.put(leader, head);
        List<NodeView> out = new ArrayList<>(followers.size());
        for (String f : followers) {
            Timed before = cache.getIfPresent(f);
            if (carry && before != null && stillCaughtUp(before.view(), head, leaderEpoch)
                    && System.nanoTime() - before.probedNanos() < carryNanos) {
                // Why no read: on a quiet cluster most probes wake an idle server, which costs it 0.2-0.4 ms of CPU
                // here (measured); an applied position only grows, so one at or past the leader's head is caught up
                // as of the head's reading (the time the view now holds for). Health is re-read at least every
                // CARRY_AT_MOST; a failed read marks the node down, and a view changed meanwhile is left as it is.
                Timed carried = new Timed(before.view(), headNanos, before.probedNanos());
                Timed now = cache.asMap().replace(f, before, carried) ? carried : cache.getIfPresent(f);
                out.add(now == null ? before.view() : now.view());
                continue;
            }
            Timed t = new Timed(read(f, leaderEpoch, head), System.nanoTime());
            cache.put(f, t);
            out.add(t.view());
        }
        return out;
    }

    /** Healthy, of the current epoch, with no lag, and holding at least the leader's head as just read. */
    private static boolean stillCaughtUp(NodeView v, long head, long leaderEpoch) {
        return v.healthy() && v.lagMillis() == 0 && v.epoch() >= leaderEpoch && v.appliedLsn() >= head; // head MAX: unknown
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
        cache.put(node, new Timed(down(node, leaderEpoch), System.nanoTime()));
    }

    /** Counts a statement in flight on a node, for the least-outstanding balancer. */
    AtomicInteger outstanding(String node) {
        return outstanding.computeIfAbsent(node, k -> new AtomicInteger());
    }

    private NodeView read(String node, long leaderEpoch, long leaderHead) {
        for (int attempt = 1; ; attempt++) {
            Connection c;
            try {
                c = probe.open(node);
            } catch (SQLException e) {
                return down(node, leaderEpoch); // the pool already waited out its connection timeout: no second wait
            }
            try (c; Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT s.applied_lsn, s.applied_epoch, s.applied_created_us, c.epoch"
                         + " FROM flotilla.state s JOIN flotilla.cluster c ON c.id = 1 WHERE s.id = 1")) {
                rs.next();
                if (rs.getLong(4) < leaderEpoch) {
                    // It missed a promotion (an old leader back, not yet reconciled): it may hold writes the cluster lost.
                    return down(node, leaderEpoch);
                }
                long applied = highWater.merge(node, new HighWater(rs.getLong(4), rs.getLong(1)), HighWater::newer).lsn();
                long createdMs = rs.getLong(3) / 1000;
                // Caught up means no lag; otherwise the age of the last applied entry bounds the staleness from above.
                long lag = applied >= leaderHead ? 0
                        : createdMs == 0 ? Long.MAX_VALUE : Math.max(0, System.currentTimeMillis() - createdMs);
                return new NodeView(node, false, true, applied, Math.max(rs.getLong(2), leaderEpoch), lag, outstanding(node).get());
            } catch (SQLException e) {
                // A pooled connection that died with its server (08…, now evicted): a restarted follower answers a
                // fresh one, so one more try; any other failure, or a second one, takes the node out of rotation.
                boolean deadPooled = e.getSQLState() != null && e.getSQLState().startsWith("08");
                if (!deadPooled || attempt == 2) {
                    return down(node, leaderEpoch);
                }
            }
        }
    }

    /** A follower out of rotation: unhealthy, infinitely behind, at its highest position seen so far. */
    private NodeView down(String node, long leaderEpoch) {
        HighWater hw = highWater.get(node);
        return new NodeView(node, false, false, hw == null ? 0 : hw.lsn(), leaderEpoch, Long.MAX_VALUE, 0);
    }
}
