package io.flotilla.proxy.server;

import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Disconnects a logged-in session that has sent no command for {@code proxy.wait-timeout-ms}, as MySQL's
 * {@code wait_timeout} does; a command still running is never cut off.
 */
final class IdleTimeout {

    private static final int IDLE = 0;
    private static final int BUSY = 1;
    private static final int ENDED = 2;

    private final ServerContext server;
    private final long timeoutNanos;
    private final Runnable disconnect;
    /** One state, changed by compare-and-set, so a command starting and the timer deciding cannot both win. */
    private final AtomicInteger state = new AtomicInteger(IDLE);
    private volatile long lastActive = System.nanoTime();
    private volatile Future<?> next;

    IdleTimeout(ServerContext server, long timeoutMs, Runnable disconnect) {
        this.server = server;
        this.timeoutNanos = timeoutMs * 1_000_000L;
        this.disconnect = disconnect;
    }

    void start() {
        schedule(timeoutNanos);
    }

    /** A command arrived; false when the timer has already disconnected the session. */
    boolean commandStarted() {
        return state.compareAndSet(IDLE, BUSY);
    }

    void commandEnded() {
        lastActive = System.nanoTime();
        state.compareAndSet(BUSY, IDLE);
    }

    void stop() {
        state.set(ENDED);
        cancel();
    }

    private void cancel() {
        Future<?> f = next;
        if (f != null) {
            f.cancel(false);
        }
    }

    /** Runs on the proxy's timer thread; one check per timeout period, not one per command. */
    private void check() {
        switch (state.get()) {
            case ENDED -> {
                return;
            }
            case BUSY -> schedule(timeoutNanos);
            default -> {
                long idle = System.nanoTime() - lastActive;
                if (idle < timeoutNanos) {
                    schedule(timeoutNanos - idle);
                } else if (state.compareAndSet(IDLE, ENDED)) {
                    disconnect.run();
                } else {
                    schedule(timeoutNanos); // a command started just now
                }
            }
        }
    }

    private void schedule(long nanos) {
        next = server.schedule(this::check, nanos);
        if (state.get() == ENDED) {
            cancel(); // stopped while this was being scheduled
        }
    }
}
