package io.flotilla.replicator.failover;

import io.flotilla.replicator.cluster.FlotillaCluster;
import io.flotilla.replicator.log.LoggedSession;
import io.flotilla.replicator.log.WriteResult;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writer threads inserting {@code (id, writer)} rows into table {@code t} on whichever node leads, reopening their
 * session on the current leader after a failure, and remembering which node acknowledged each id at which LSN.
 */
public final class LeaderWriters implements AutoCloseable {

    /** One acknowledged insert: the node that acknowledged it and its log position there. */
    public record Ack(String node, long lsn) {}

    private final FlotillaCluster cluster;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, Ack> acks = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();

    /** Starts {@code count} writers; table {@code t (id INT PRIMARY KEY, w INT NOT NULL)} must exist. */
    public LeaderWriters(FlotillaCluster cluster, int count) {
        this.cluster = cluster;
        for (int w = 0; w < count; w++) {
            int writer = w;
            Thread t = new Thread(() -> write(writer), "leader-writer-" + w);
            t.start();
            threads.add(t);
        }
    }

    /** Acknowledged writes so far, on any leader. */
    public long committed() {
        return acks.size();
    }

    /** The ids {@code node} acknowledged, with their LSNs. */
    public Map<Integer, Long> acknowledgedOn(String node) {
        Map<Integer, Long> out = new java.util.HashMap<>();
        acks.forEach((id, ack) -> {
            if (ack.node().equals(node)) {
                out.put(id, ack.lsn());
            }
        });
        return out;
    }

    /** Stops the writers and waits for them. */
    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
    }

    private void write(int writer) {
        LoggedSession s = null;
        String node = null;
        while (!stop.get()) {
            int id = ids.incrementAndGet();
            try {
                if (s == null) {
                    node = cluster.leader();
                    s = new LoggedSession(cluster.writer(), cluster.nodes().app(node));
                }
                WriteResult w = s.execute("INSERT INTO t VALUES (?, ?)", List.of(id, writer));
                acks.put(id, new Ack(node, w.lsn()));
            } catch (SQLException | RuntimeException e) {
                // Outcome unknown (the leader died, or a fenced node refused it): never retried with the same id.
                closeQuietly(s);
                s = null;
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
        closeQuietly(s);
    }

    private static void closeQuietly(LoggedSession s) {
        if (s != null) {
            try {
                s.close();
            } catch (Exception ignored) {
                // The backend is gone.
            }
        }
    }
}
