package io.flotilla.proxy.server;

import java.util.concurrent.Future;

/**
 * Disconnects a logged-in session that has sent no command for {@code proxy.wait-timeout-ms}, as MySQL's
 * {@code wait_timeout} does; a command still running is never cut off.
 */
final class IdleTimeout {

    private final ServerContext server;
    private final long timeoutNanos;
    private final Runnable disconnect;
    private volatile boolean busy;
    private volatile long lastActive = System.nanoTime();
    private volatile boolean stopped;
    private volatile Future<?> next;

    IdleTimeout(ServerContext server, long timeoutMs, Runnable disconnect) {
        this.server = server;
        this.timeoutNanos = timeoutMs * 1_000_000L;
        this.disconnect = disconnect;
    }

    void start() {
        schedule(timeoutNanos);
    }

    void commandStarted() {
        busy = true;
    }

    void commandEnded() {
        lastActive = System.nanoTime();
        busy = false;
    }

    void stop() {
        stopped = true;
        Future<?> f = next;
        if (f != null) {
            f.cancel(false);
        }
    }

    /** Runs on the proxy's timer thread; one check per timeout period, not one per command. */
    private void check() {
        if (stopped) {
            return;
        }
        if (busy) {
            schedule(timeoutNanos);
            return;
        }
        long idle = System.nanoTime() - lastActive;
        if (idle >= timeoutNanos) {
            stopped = true;
            disconnect.run();
        } else {
            schedule(timeoutNanos - idle);
        }
    }

    private void schedule(long nanos) {
        next = server.schedule(this::check, nanos);
    }
}
