package io.flotilla.proxy.server;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Lets a session poll its backend socket for a forwarded read's answer for a few microseconds before it blocks, but
 * only while few forwarded reads are in flight across the proxy.
 *
 * <p>Why: a thread blocked in a socket read must be woken by the sender, and on a small or virtualised machine that
 * wake-up (and the scheduling after it) costs about as much as the follower's whole answer to a point select; a
 * session that is still polling when the answer arrives skips it. Polling burns a core, though, which a loaded
 * machine needs for the servers: so it is allowed only while no more reads are in flight than half the cores (at least
 * one), and only for {@code proxy.spin-wait-us}.
 */
final class SpinWait {
    /** The longest poll the configuration accepts (µs): beyond a millisecond blocking is the cheaper wait anyway. */
    static final int MAX_SPIN_US = 1000;

    /** Something whose data may have arrived: one cheap, non-blocking check per poll. */
    interface Readable {
        boolean readable() throws IOException;
    }

    private final long spinNanos;
    private final int maxInFlight;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final LongAdder polls = new LongAdder();
    private final LongAdder answered = new LongAdder();
    private final LongSupplier nanoClock;

    SpinWait(int spinMicros, int cores) {
        this(spinMicros, cores, System::nanoTime);
    }

    /** With the clock the poll budget is measured on (tests drive their own). */
    SpinWait(int spinMicros, int cores, LongSupplier nanoClock) {
        this.spinNanos = spinMicros * 1000L;
        this.maxInFlight = Math.max(1, cores / 2);
        this.nanoClock = nanoClock;
    }

    /** Counts a forwarded read in; pair with {@link #exit()} once its answer has been read (or failed). */
    void enter() {
        if (spinNanos != 0) { // off (the default): no shared counter on every forwarded read
            inFlight.incrementAndGet();
        }
    }

    void exit() {
        if (spinNanos != 0) {
            inFlight.decrementAndGet();
        }
    }

    /** How many waits polled (the rest blocked at once: polling off, or too many reads in flight). */
    long polls() {
        return polls.sum();
    }

    /** How many polling waits saw their answer arrive (the rest spent the budget, then blocked). */
    long answered() {
        return answered.sum();
    }

    /**
     * Polls {@code source} until it is readable or the poll budget is spent; returns at once when polling is off or
     * too many reads are in flight. True when the data arrived while polling (the caller's read will not block).
     */
    boolean await(Readable source) throws IOException {
        if (spinNanos == 0 || inFlight.get() > maxInFlight) {
            return false;
        }
        polls.increment();
        long deadline = nanoClock.getAsLong() + spinNanos;
        do {
            if (source.readable()) {
                answered.increment();
                return true;
            }
            Thread.onSpinWait();
        } while (nanoClock.getAsLong() - deadline < 0);
        return false;
    }
}
