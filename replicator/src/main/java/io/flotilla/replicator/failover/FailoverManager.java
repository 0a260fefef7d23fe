package io.flotilla.replicator.failover;

import io.flotilla.replicator.cluster.KeptConnections;
import io.flotilla.replicator.cluster.Nodes;
import io.flotilla.replicator.config.ClusterConfig;
import io.flotilla.replicator.failover.Metadata.ClusterRecord;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the cluster from the process that runs the appliers: a heartbeat to every node each
 * {@code failover.heartbeat-ms}; a leader silent for {@code failover.timeout-ms} is replaced (when
 * {@code failover.auto}, at most once per {@code failover.min-interval-ms}); a higher epoch written by another process
 * ({@code flotilla failover/switchover}) is adopted; nodes that missed a promotion are reconciled when they answer.
 */
public final class FailoverManager implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FailoverManager.class);
    private static final int HEARTBEAT_READ_TIMEOUT_MS = 3000;

    private final ClusterConfig config;
    private final Nodes nodes;
    private final FailoverSettings settings;
    private final ReplicationControl control;
    private final Set<String> pending = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Set<String> excluded = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final List<DivergenceReport> reports = new CopyOnWriteArrayList<>();
    private final List<PromotionResult> history = new CopyOnWriteArrayList<>();
    /** The heartbeat's connections: one per node, kept between rounds (a failed heartbeat drops its node's). */
    private final KeptConnections heartbeats;
    private volatile long lastLeaderOkMs = System.currentTimeMillis();
    private volatile long lastAutoFailoverMs = Long.MIN_VALUE / 2;
    private volatile boolean rateLimitLogged;
    private volatile boolean closed;
    private Thread thread;

    public FailoverManager(ClusterConfig config, Nodes nodes, FailoverSettings settings, ReplicationControl control,
                           Collection<String> stale, Collection<String> excludedNow) {
        this.config = config;
        this.nodes = nodes;
        this.settings = settings;
        this.control = control;
        this.pending.addAll(stale);
        this.excluded.addAll(excludedNow);
        // A hung node fails its heartbeat after this long (at least the 3 s connect timeout a fresh connection per
        // heartbeat had); a slower answer that does come still counts, as before.
        this.heartbeats = new KeptConnections(nodes, Math.max(HEARTBEAT_READ_TIMEOUT_MS, settings.timeoutMs()));
    }

    /** Starts the heartbeat thread. */
    public synchronized void start() {
        if (thread == null) {
            lastLeaderOkMs = System.currentTimeMillis();
            thread = new Thread(this::loop, "flotilla-failover");
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void loop() {
        while (!closed) {
            try {
                tick();
            } catch (RuntimeException e) {
                LOG.warn("failover manager: {}", e.getMessage(), e);
            }
            try {
                Thread.sleep(settings.heartbeatMs());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One heartbeat round (public for tests that drive the manager step by step). */
    public synchronized void tick() {
        Map<String, ClusterRecord> seen = new LinkedHashMap<>();
        for (String n : nodes.names()) {
            try {
                seen.put(n, heartbeats.with(n, Metadata::cluster));
            } catch (SQLException e) {
                // Unreachable this round.
            }
        }
        ClusterRecord newest = seen.values().stream().max(java.util.Comparator.comparingLong(ClusterRecord::epoch)).orElse(null);
        if (newest != null && newest.epoch() > control.epoch()) {
            adoptExternal(newest, seen);
            return;
        }
        long now = System.currentTimeMillis();
        if (seen.containsKey(control.leader())) {
            lastLeaderOkMs = now;
            rateLimitLogged = false;
        } else if (now - lastLeaderOkMs >= settings.timeoutMs() && settings.auto()) {
            if (now - lastAutoFailoverMs < settings.minIntervalMs()) {
                if (!rateLimitLogged) {
                    LOG.error("leader {} is down but the last automatic failover was {} ms ago (failover.min-interval-ms={});"
                            + " not failing over again: run 'flotilla failover' to force it", control.leader(),
                            now - lastAutoFailoverMs, settings.minIntervalMs());
                    rateLimitLogged = true;
                }
            } else {
                LOG.warn("leader {} missed heartbeats for {} ms: failing over", control.leader(), now - lastLeaderOkMs);
                try {
                    lastAutoFailoverMs = now;
                    failover();
                } catch (SQLException e) {
                    LOG.error("automatic failover failed: {}", e.getMessage());
                }
                return;
            }
        }
        if (seen.containsKey(control.leader())) {
            readmitCleared(); // a leader that missed this heartbeat would only cost a second timeout here
        }
        reconcilePending(seen.keySet());
    }

    /**
     * Nodes whose exclusion row was removed (after a rebuild, possibly by another process) are reconciled again:
     * a rebuilt node rejoins, one that still holds lost writes is excluded again with its report.
     */
    private void readmitCleared() {
        if (excluded.isEmpty()) {
            return;
        }
        try {
            // Every heartbeat while a node stays excluded: on the heartbeat's kept connection to the leader.
            Set<String> still = heartbeats.with(control.leader(), Metadata::excluded).keySet();
            for (String n : Set.copyOf(excluded)) {
                if (!still.contains(n)) {
                    excluded.remove(n);
                    reports.removeIf(r -> r.node().equals(n));
                    pending.add(n);
                    LOG.info("{} is no longer excluded: reconciling it", n);
                }
            }
        } catch (SQLException e) {
            // The leader is checked again at the next heartbeat.
        }
    }

    /**
     * Reconciles now, rather than at the next heartbeat, the nodes whose exclusion was lifted (an in-process rebuild
     * calls this so that the rebuilt node's applier runs when the call returns).
     */
    public synchronized void readmitNow() {
        readmitCleared();
        reconcilePending(Set.copyOf(nodes.names()));
    }

    /** Lifts a node's exclusion on every reachable node (after it was rebuilt); the next heartbeat reconciles it. */
    public void readmit(String node) {
        for (String m : nodes.names()) {
            try (Connection c = nodes.replicator(m)) {
                Metadata.clearExclusion(c, node);
            } catch (SQLException e) {
                LOG.debug("cannot clear the exclusion of {} on {}: {}", node, m, e.getMessage());
            }
        }
    }

    /** Promotes the best follower now (manual failover: not rate-limited). */
    public synchronized PromotionResult failover() throws SQLException {
        long t0 = System.nanoTime();
        control.stopAppliers();
        long stopped = System.nanoTime();
        PromotionResult r;
        try {
            r = new Promotion(config, nodes).promote(control.leader(), Optional.empty(), Set.copyOf(excluded));
        } catch (SQLException e) {
            // Nothing changed: the old followers go on applying (from the old leader, if it comes back).
            control.adopt(control.leader(), control.epoch(), followersOf(control.leader()));
            throw e;
        }
        long promoted = System.nanoTime();
        PromotionResult out = adopted(r);
        LOG.info("failover took {} ms (stopping appliers {} ms, promotion {} ms, re-pointing {} ms)",
                (System.nanoTime() - t0) / 1_000_000, (stopped - t0) / 1_000_000, (promoted - stopped) / 1_000_000,
                (System.nanoTime() - promoted) / 1_000_000);
        return out;
    }

    /** Hands leadership to {@code target} without data loss (see {@link Switchover}). */
    public synchronized PromotionResult switchover(String target, long timeoutMs) throws SQLException, InterruptedException {
        PromotionResult r = new Switchover(config, nodes, timeoutMs).run(control.leader(), target, Set.copyOf(excluded));
        control.stopAppliers();
        return adopted(r);
    }

    private PromotionResult adopted(PromotionResult r) {
        lastLeaderOkMs = System.currentTimeMillis();
        pending.clear();
        pending.addAll(r.pending());
        record(r.outcomes());
        history.add(r);
        control.adopt(r.leader(), r.epoch(), r.followers());
        return r;
    }

    private void record(List<Reconciler.Outcome> outcomes) {
        for (Reconciler.Outcome o : outcomes) {
            if (!o.rejoined()) {
                excluded.add(o.node());
                o.report().ifPresent(reports::add);
            }
        }
    }

    /** Another process promoted a node: follow it, and reconcile whoever did not take the new epoch. */
    private void adoptExternal(ClusterRecord newest, Map<String, ClusterRecord> seen) {
        LOG.info("epoch {} (leader {}) was set by another process; re-pointing the appliers", newest.epoch(), newest.leader());
        control.stopAppliers();
        try (Connection l = nodes.replicator(newest.leader())) {
            excluded.addAll(Metadata.excluded(l).keySet());
        } catch (SQLException e) {
            LOG.warn("cannot read exclusions from {}: {}", newest.leader(), e.getMessage());
        }
        List<String> followers = new ArrayList<>();
        pending.clear();
        for (String n : nodes.names()) {
            if (n.equals(newest.leader()) || excluded.contains(n)) {
                continue;
            }
            ClusterRecord r = seen.get(n);
            if (r != null && r.epoch() == newest.epoch()) {
                followers.add(n);
            } else {
                pending.add(n);
            }
        }
        lastLeaderOkMs = System.currentTimeMillis();
        control.adopt(newest.leader(), newest.epoch(), followers);
    }

    private void reconcilePending(Set<String> reachable) {
        if (pending.isEmpty()) {
            return;
        }
        Reconciler reconciler = new Reconciler(nodes, List.copyOf(nodes.names()));
        for (String n : new HashSet<>(pending)) {
            if (!reachable.contains(n)) {
                continue;
            }
            try {
                Reconciler.Outcome o = reconciler.reconcile(n, control.leader(), control.epoch());
                pending.remove(n);
                if (o.rejoined()) {
                    control.startApplier(n);
                } else {
                    record(List.of(o));
                }
            } catch (SQLException e) {
                LOG.info("cannot reconcile {} yet: {}", n, e.getMessage());
            }
        }
    }

    private List<String> followersOf(String leader) {
        return nodes.names().stream().filter(n -> !n.equals(leader) && !excluded.contains(n) && !pending.contains(n)).toList();
    }

    /** The lost-write reports found so far (returned old leaders with writes that never reached the new leader). */
    public List<DivergenceReport> divergenceReports() {
        return List.copyOf(reports);
    }

    /** Every promotion this manager performed or adopted from its own calls. */
    public List<PromotionResult> promotions() {
        return List.copyOf(history);
    }

    /** Nodes waiting to be reconciled (down since a promotion). */
    public Set<String> pending() {
        return Set.copyOf(pending);
    }

    public Set<String> excluded() {
        return Set.copyOf(excluded);
    }

    @Override
    public void close() {
        closed = true;
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        heartbeats.close();
    }
}
