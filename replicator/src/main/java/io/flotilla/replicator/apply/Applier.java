package io.flotilla.replicator.apply;

import io.flotilla.replicator.apply.ApplierStatus.Health;
import io.flotilla.replicator.cluster.ConnectionFactory;
import io.flotilla.replicator.log.LogEntry;
import io.flotilla.replicator.log.LoggedStatement;
import io.flotilla.replicator.log.SessionSettings;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the leader's log to one follower, strictly in LSN order, several entries per follower transaction,
 * storing the applied position and a copy of each entry in that same transaction.
 */
public final class Applier implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Applier.class);
    /** Errors meaning a DDL statement had already been applied before a crash cut off its position update. */
    private static final Set<Integer> DDL_ALREADY_APPLIED = Set.of(1007, 1008, 1050, 1051, 1060, 1061, 1091, 1146, 1826, 4031);

    /** Above this much SQL text a batch is sent in several round trips (entries can carry large parameters). */
    private static final int MAX_BATCH_CHARS = 1 << 20;

    private final String node;
    private final ConnectionFactory leader;
    private final ConnectionFactory follower;
    private final long delayMs;
    private final int batchSize;
    private final int pollMs;
    private final long pollMinNanos;
    private final ApplyScript script;
    private final BiConsumer<String, LogEntry> onApplied;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private volatile boolean stopped;
    private volatile boolean signalled;
    private volatile ApplierStatus status;
    private volatile Connection current;

    /**
     * Creates an applier.
     *
     * @param defaults the server default session settings (statements without settings run under these)
     * @param onApplied called after each entry's transaction commits on the follower (metrics, tests)
     */
    public Applier(String node, ConnectionFactory leader, ConnectionFactory follower, long delayMs, int batchSize, int pollMs,
                   SessionSettings defaults, BiConsumer<String, LogEntry> onApplied) {
        this(node, leader, follower, delayMs, batchSize, pollMs, 0, defaults, onApplied);
    }

    /**
     * Creates an applier whose idle poll adapts: {@code pollMinMicros} right after it applied something, doubling up
     * to {@code pollMs} while idle (semi-sync/sync, where writers in other processes cannot wake it and wait for it).
     *
     * @param pollMinMicros the shortest idle poll; 0 polls every {@code pollMs}
     */
    public Applier(String node, ConnectionFactory leader, ConnectionFactory follower, long delayMs, int batchSize, int pollMs,
                   long pollMinMicros, SessionSettings defaults, BiConsumer<String, LogEntry> onApplied) {
        this.pollMinNanos = pollMinMicros * 1000L;
        this.node = node;
        this.leader = leader;
        this.follower = follower;
        this.delayMs = delayMs;
        this.batchSize = batchSize;
        this.pollMs = pollMs;
        this.script = new ApplyScript(defaults);
        this.onApplied = onApplied;
        this.status = new ApplierStatus(node, Health.STARTING, 0, 0, null);
    }

    public ApplierStatus status() {
        return status;
    }

    public String node() {
        return node;
    }

    /** Wakes the applier now (a writer in this process committed an entry). */
    public void wakeUp() {
        if (status.health() == Health.RUNNING) {
            signal();
        }
    }

    public void stop() {
        stopped = true;
        signal();
    }

    /** Ends any wait now, also a back-off (a failover stops appliers of a dead leader and must not wait it out). */
    private void signal() {
        signalled = true;
        lock.lock();
        try {
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops as abruptly as a SIGKILL of the replicator would, seen from the follower: its connection is aborted in the
     * middle of whatever it is doing, so the server rolls back the open apply transaction.
     */
    public void kill() {
        stopped = true;
        Connection c = current;
        if (c != null) {
            try {
                c.abort(Runnable::run);
            } catch (SQLException e) {
                LOG.debug("aborting the follower connection of {} failed", node, e);
            }
        }
        signal();
    }

    @Override
    public void run() {
        long backoff = 100;
        while (!stopped) {
            try (Connection f = follower.open(); LogReader reader = new LogReader(leader.open(), leader.open())) {
                current = f;
                f.setAutoCommit(false);
                script.forgetSession();
                FollowerState.Position pos = FollowerState.read(f);
                status = new ApplierStatus(node, Health.RUNNING, pos.appliedLsn(), pos.appliedCreatedMicros(), null);
                backoff = 100;
                loop(f, reader);
            } catch (SQLException | RuntimeException e) {
                if (stopped) {
                    break;
                }
                boolean connection = e instanceof SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("08");
                Health h = connection ? Health.DOWN : Health.ERROR;
                ApplierStatus s = status;
                status = new ApplierStatus(node, h, s.appliedLsn(), s.appliedCreatedMicros(), e.getMessage());
                LOG.warn("applier {}: {} (retrying in {} ms)", node, firstLine(e.getMessage()), backoff);
                // Writers' wake-ups must not shorten the back-off, or a dead follower turns into a busy loop.
                signalled = false;
                pause(backoff);
                backoff = Math.min(backoff * 2, 2000);
            }
        }
        ApplierStatus s = status;
        status = new ApplierStatus(node, Health.STOPPED, s.appliedLsn(), s.appliedCreatedMicros(), s.lastError());
    }

    private void loop(Connection f, LogReader reader) throws SQLException {
        long maxIdleNanos = pollMs * 1_000_000L;
        long idleNanos = maxIdleNanos;
        while (!stopped) {
            signalled = false;
            ApplierStatus s = status;
            List<LogEntry> entries = reader.read(s.appliedLsn(), batchSize);
            if (entries.isEmpty()) {
                pauseNanos(idleNanos);
                // Writes come in bursts: poll fast right after one, back off while idle so an idle cluster costs little.
                idleNanos = Math.min(maxIdleNanos, idleNanos * 2);
                continue;
            }
            if (pollMinNanos > 0) {
                idleNanos = Math.min(maxIdleNanos, pollMinNanos);
            }
            int due = dueCount(entries);
            if (due == 0) {
                long waitMs = entries.get(0).createdMicros() / 1000 + delayMs - System.currentTimeMillis();
                pause(Math.max(1, Math.min(waitMs, 50)));
                continue;
            }
            applyAll(f, entries.subList(0, due));
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "(no message)";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private int dueCount(List<LogEntry> entries) {
        if (delayMs <= 0) {
            return entries.size();
        }
        long now = System.currentTimeMillis();
        int n = 0;
        for (LogEntry e : entries) {
            if (e.createdMicros() / 1000 + delayMs > now) {
                break;
            }
            n++;
        }
        return n;
    }

    /**
     * Applies given entries to the follower connection as the running applier would (data, log copy, position), for a
     * node being provisioned: the entries that committed after its snapshot but below the snapshot's position.
     */
    public void applyEntries(Connection f, List<LogEntry> entries) throws SQLException {
        f.setAutoCommit(false);
        applyAll(f, entries);
    }

    private void applyAll(Connection f, List<LogEntry> entries) throws SQLException {
        List<LogEntry> batch = new ArrayList<>();
        for (LogEntry e : entries) {
            if (e.isDdl()) {
                applyBatch(f, batch);
                batch.clear();
                applyDdl(f, e);
            } else {
                batch.add(e);
            }
        }
        applyBatch(f, batch);
    }

    private void applyBatch(Connection f, List<LogEntry> batch) throws SQLException {
        if (batch.isEmpty()) {
            return;
        }
        try {
            // The whole batch goes in as few round trips as its size allows (one, usually), ending with the
            // position update and COMMIT: fewer wake-ups and context switches per entry on a busy machine.
            List<Object> params = new ArrayList<>();
            StringBuilder sql = new StringBuilder(4096);
            for (LogEntry e : batch) {
                for (LoggedStatement s : e.statements()) {
                    script.appendStatement(sql, params, s);
                }
                ApplyScript.appendLogCopy(sql, params, e);
                sql.append(";\n");
                if (sql.length() > MAX_BATCH_CHARS) {
                    ApplyScript.execute(f, sql.toString(), params);
                    sql.setLength(0);
                    params.clear();
                }
            }
            LogEntry last = batch.get(batch.size() - 1);
            FollowerState.appendSave(sql, params, last);
            sql.append(";\nCOMMIT");
            ApplyScript.execute(f, sql.toString(), params);
        } catch (SQLException e) {
            rollbackQuietly(f);
            // Session state after a failed batch is unknown: force USE/SET again on the next try.
            script.forgetSession();
            throw new SQLException("applying entries " + batch.get(0).lsn() + ".." + batch.get(batch.size() - 1).lsn()
                    + " failed: " + e.getMessage(), e.getSQLState(), e.getErrorCode(), e);
        }
        LogEntry last = batch.get(batch.size() - 1);
        status = new ApplierStatus(node, Health.RUNNING, last.lsn(), last.createdMicros(), null);
        for (LogEntry e : batch) {
            onApplied.accept(node, e);
        }
    }

    private void applyDdl(Connection f, LogEntry e) throws SQLException {
        // DDL commits implicitly, so it cannot share a transaction with the position: mark it pending first,
        // and on a retry treat "already exists/does not exist" as proof that it ran before the crash.
        boolean retry = FollowerState.pendingDdl(f) == e.lsn();
        FollowerState.markDdlPending(f, e.lsn());
        f.commit();
        LoggedStatement s = e.statements().get(0);
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder();
        script.appendStatement(sql, params, s);
        try {
            ApplyScript.execute(f, sql.toString(), params);
        } catch (SQLException ex) {
            if (!retry || !DDL_ALREADY_APPLIED.contains(ex.getErrorCode())) {
                rollbackQuietly(f);
                script.forgetSession();
                throw new SQLException("applying DDL entry " + e.lsn() + " failed: " + ex.getMessage(), ex.getSQLState(), ex.getErrorCode(), ex);
            }
            LOG.info("applier {}: DDL at LSN {} was already applied ({}); continuing", node, e.lsn(), ex.getMessage());
        }
        StringBuilder copy = new StringBuilder();
        List<Object> copyParams = new ArrayList<>();
        ApplyScript.appendLogCopy(copy, copyParams, e);
        ApplyScript.execute(f, copy.toString(), copyParams);
        FollowerState.saveAfterDdl(f, e);
        f.commit();
        status = new ApplierStatus(node, Health.RUNNING, e.lsn(), e.createdMicros(), null);
        onApplied.accept(node, e);
    }

    private static void rollbackQuietly(Connection f) {
        try {
            f.rollback();
        } catch (SQLException ignored) {
            // The connection is broken; the server rolls the transaction back when it notices.
        }
    }

    private void pause(long ms) {
        pauseNanos(ms * 1_000_000L);
    }

    private void pauseNanos(long nanos) {
        if (signalled || stopped) {
            return;
        }
        lock.lock();
        try {
            if (!signalled && !stopped) {
                wake.awaitNanos(nanos);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "Applier[" + node + ", " + Objects.toString(status) + "]";
    }
}
