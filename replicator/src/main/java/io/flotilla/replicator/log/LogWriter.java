package io.flotilla.replicator.log;

import io.flotilla.replicator.config.ClusterConfig.UnsafePolicy;
import io.flotilla.routing.sql.NondeterministicValues;
import io.flotilla.routing.sql.StatementAnalyzer;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/** Shared state of the leader-side binlog writers of one process: epoch, analysis, policy and commit listeners. */
public final class LogWriter {

    private final StatementAnalyzer analyzer;
    private final LongSupplier epoch;
    private final UnsafePolicy unsafePolicy;
    private final Supplier<Connection> sideConnections;
    private final AckWaiter ackWaiter;
    private final List<LongConsumer> commitListeners = new CopyOnWriteArrayList<>();
    private final AtomicLong uuidShort;
    private final AtomicLong lastMicros = new AtomicLong();
    private volatile SessionSettings serverDefaults;

    /**
     * Creates a writer.
     *
     * @param epoch the current leader epoch, written into every entry
     * @param sideConnections opens a second leader connection, on which DDL reserves its LSN
     */
    public LogWriter(StatementAnalyzer analyzer, LongSupplier epoch, UnsafePolicy unsafePolicy, Supplier<Connection> sideConnections) {
        this(analyzer, epoch, unsafePolicy, sideConnections, AckWaiter.NONE);
    }

    /**
     * Creates a writer whose commits return only once {@code ackWaiter} acknowledges them (semi-sync, sync).
     *
     * @param ackWaiter called after each leader commit, before the write returns to the application
     */
    public LogWriter(StatementAnalyzer analyzer, LongSupplier epoch, UnsafePolicy unsafePolicy, Supplier<Connection> sideConnections,
                     AckWaiter ackWaiter) {
        this.ackWaiter = ackWaiter;
        this.analyzer = analyzer;
        this.epoch = epoch;
        this.unsafePolicy = unsafePolicy;
        this.sideConnections = sideConnections;
        // UUID_SHORT() shape: a start time in seconds shifted left, plus a counter, as the server does.
        this.uuidShort = new AtomicLong((System.currentTimeMillis() / 1000L) << 24);
    }

    public StatementAnalyzer analyzer() {
        return analyzer;
    }

    public long epoch() {
        return epoch.getAsLong();
    }

    public UnsafePolicy unsafePolicy() {
        return unsafePolicy;
    }

    /** Registers a callback run after each entry commits on the leader, with its LSN (wakes in-process appliers). */
    public void onCommit(LongConsumer listener) {
        commitListeners.add(listener);
    }

    /** Runs after the leader COMMIT returned: listeners first (they wake appliers), then the acknowledgement wait. */
    void committed(long lsn) throws SQLException {
        for (LongConsumer l : commitListeners) {
            l.accept(lsn);
        }
        ackWaiter.awaitAck(lsn);
    }

    /** A strictly increasing wall-clock time in microseconds, so that entries never share a timestamp. */
    long nowMicros() {
        Instant now = Instant.now();
        long us = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        return lastMicros.accumulateAndGet(us, (prev, cur) -> Math.max(prev + 1, cur));
    }

    Connection sideConnection() {
        return sideConnections.get();
    }

    /** The server's global sql_mode, time_zone and collation; statements under these carry no session settings. */
    SessionSettings serverDefaults(Connection c) throws SQLException {
        SessionSettings d = serverDefaults;
        if (d == null) {
            d = SessionSettings.serverDefaults(c);
            serverDefaults = d;
        }
        return d;
    }

    /** Values substituted for UUID(), UUID_SHORT(), SYSDATE() and LAST_INSERT_ID() in logged writes. */
    NondeterministicValues values(long lastInsertId) {
        return new NondeterministicValues() {
            @Override
            public String uuid() {
                return UUID.randomUUID().toString();
            }

            @Override
            public long uuidShort() {
                return uuidShort.incrementAndGet();
            }

            @Override
            public LocalDateTime sysdate() {
                return LocalDateTime.now(ZoneId.systemDefault()).truncatedTo(ChronoUnit.MICROS);
            }

            @Override
            public long lastInsertId() {
                return lastInsertId;
            }
        };
    }
}
