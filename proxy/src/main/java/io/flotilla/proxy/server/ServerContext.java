package io.flotilla.proxy.server;

import io.netty.handler.ssl.SslContext;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** What every session of one proxy server shares: configuration, accounts, keys, TLS, backends and counters. */
final class ServerContext {
    private final ProxyConfig config;
    private final Credentials credentials;
    private final RsaKeys rsa = new RsaKeys();
    private final SslContext ssl;
    private final Backends backends;
    private final StatusReport statusReport;
    private final StatementCommands.Factory statements;
    private final AtomicInteger sessions = new AtomicInteger();
    private final long started = System.nanoTime();
    private final ScheduledExecutorService timer;
    private final SpinWait spinWait;

    ServerContext(ProxyConfig config, SslContext ssl, Backends backends, java.util.function.Supplier<java.util.List<io.flotilla.replicator.cluster.NodeStatus>> nodes,
            StatementCommands.Factory statements, ScheduledExecutorService timer) {
        this.config = config;
        this.timer = timer;
        this.credentials = new Credentials(config.users(), config.sha2Preload());
        this.ssl = ssl;
        this.backends = backends;
        this.spinWait = new SpinWait(config.spinWaitUs(), Runtime.getRuntime().availableProcessors());
        this.statusReport = new StatusReport(nodes, sessions::get, spinWait);
        this.statements = statements;
    }

    /** How sessions wait for forwarded reads' answers (shared: the poll is limited by the reads in flight). */
    SpinWait spinWait() {
        return spinWait;
    }

    ProxyConfig config() {
        return config;
    }

    Credentials credentials() {
        return credentials;
    }

    RsaKeys rsa() {
        return rsa;
    }

    /** The TLS context, or null when TLS is not configured. */
    SslContext ssl() {
        return ssl;
    }

    Backends backends() {
        return backends;
    }

    StatusReport statusReport() {
        return statusReport;
    }

    StatementCommands.Factory statements() {
        return statements;
    }

    /** Counts a new session in; false (and not counted) when proxy.max-connections are already open. */
    boolean admit() {
        while (true) {
            int n = sessions.get();
            if (n >= config.maxConnections()) {
                return false;
            }
            if (sessions.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /**
     * Runs {@code action} on the timer thread once proxy.connect-timeout-ms have passed (the session decides what to do);
     * null when the server is closing (it ends every session itself).
     */
    Future<?> atConnectDeadline(Runnable action) {
        return schedule(action, config.connectTimeoutMs() * 1_000_000L);
    }

    /** Runs {@code action} on the timer thread after {@code nanos}; null when the server is closing. */
    Future<?> schedule(Runnable action, long nanos) {
        try {
            return timer.schedule(action, nanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closing) {
            return null;
        }
    }

    void leave() {
        sessions.decrementAndGet();
    }

    int sessions() {
        return sessions.get();
    }

    /** The COM_STATISTICS text, in the shape mysqladmin status prints. */
    String statistics() {
        long uptime = (System.nanoTime() - started) / 1_000_000_000L;
        return "Uptime: " + uptime + "  Threads: " + sessions.get() + "  Flotilla connections: " + backends.openConnections();
    }

    String hostOf(SessionSink sink) {
        return ClientSession.host(sink.channel().remoteAddress());
    }
}
