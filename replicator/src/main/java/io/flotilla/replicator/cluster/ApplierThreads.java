package io.flotilla.replicator.cluster;

import io.flotilla.replicator.apply.Applier;
import io.flotilla.replicator.apply.ApplierStatus;
import io.flotilla.replicator.config.ClusterConfig;
import io.flotilla.replicator.log.LogEntry;
import io.flotilla.replicator.log.SessionSettings;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/** The applier threads this process runs, one per follower, and the listeners told about every applied entry. */
final class ApplierThreads {

    private final ClusterConfig config;
    private final Nodes nodes;
    private final Supplier<String> leader;
    private final Map<String, Applier> appliers = new ConcurrentHashMap<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final List<BiConsumer<String, LogEntry>> listeners = new CopyOnWriteArrayList<>();

    /** @param leader the current leader's name, looked up at each (re)connect */
    ApplierThreads(ClusterConfig config, Nodes nodes, Supplier<String> leader) {
        this.config = config;
        this.nodes = nodes;
        this.leader = leader;
    }

    /** Starts applier threads for the named followers, under the leader's current session defaults. */
    void startAll(List<String> followers) throws SQLException {
        SessionSettings defaults = leaderDefaults();
        for (String f : followers) {
            start(f, defaults);
        }
    }

    /** Starts a fresh applier for a follower; it resumes from the position stored in the follower. */
    void restart(String follower) throws SQLException {
        start(follower, leaderDefaults());
    }

    private SessionSettings leaderDefaults() throws SQLException {
        try (Connection c = nodes.replicator(leader.get())) {
            return SessionSettings.serverDefaults(c);
        }
    }

    private void start(String follower, SessionSettings defaults) {
        // Only a waiting writer (semi-sync/sync) needs the fast idle poll.
        long pollMinMicros = config.sync().waits() ? config.pollMinMicros() : 0;
        // The leader is looked up at each (re)connect: after a promotion a restarted applier follows the new one.
        Applier a = new Applier(follower, () -> nodes.replicator(leader.get()), nodes.replicatorFactory(follower), config.applyDelay(follower),
                config.batchSize(), config.pollMs(), pollMinMicros, defaults, (node, e) -> listeners.forEach(l -> l.accept(node, e)));
        Thread t = new Thread(a, "flotilla-applier-" + follower);
        t.setDaemon(true);
        t.start();
        appliers.put(follower, a);
        // Restarts (crash catch-up, failovers) would otherwise keep every ended thread for the life of the cluster.
        threads.removeIf(old -> !old.isAlive());
        threads.add(t);
    }

    /** Kills one follower's applier mid-flight and waits (up to 10 s) for its thread to end. */
    void kill(String follower) throws InterruptedException {
        Applier a = appliers.remove(follower);
        if (a != null) {
            a.kill();
            for (Thread t : threads) {
                if (t.getName().equals("flotilla-applier-" + follower)) {
                    t.join(10_000);
                }
            }
        }
    }

    /** The followers whose appliers run now. */
    List<String> running() {
        return List.copyOf(appliers.keySet());
    }

    /** Wakes every applier (a writer in this process committed an entry). */
    void wakeUp() {
        appliers.values().forEach(Applier::wakeUp);
    }

    void onApplied(BiConsumer<String, LogEntry> listener) {
        listeners.add(listener);
    }

    Map<String, ApplierStatus> status() {
        Map<String, ApplierStatus> out = new LinkedHashMap<>();
        appliers.forEach((k, v) -> out.put(k, v.status()));
        return out;
    }

    /** Asks every applier to stop, without waiting. */
    void stopAll() {
        appliers.values().forEach(Applier::stop);
    }

    /** Waits (up to 5 s each) for every applier thread still known here, then forgets the appliers. */
    void joinAll() {
        for (Thread t : threads) {
            join(t);
        }
        appliers.clear();
    }

    /** Waits up to 5 s for a thread; an interrupt is kept for the caller. */
    static void join(Thread t) {
        try {
            t.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
