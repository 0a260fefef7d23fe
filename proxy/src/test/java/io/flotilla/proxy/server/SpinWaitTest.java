package io.flotilla.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/** The poll-before-blocking wait of forwarded reads: its budget, its gate on reads in flight, its counters. */
class SpinWaitTest {

    /** A clock that moves one microsecond per reading, so budgets are counted in checks, not in machine speed. */
    private static LongSupplier ticking() {
        AtomicLong now = new AtomicLong();
        return () -> now.addAndGet(1_000);
    }

    /** Readable from its {@code n}th check on, counting the checks. */
    private static final class After implements SpinWait.Readable {
        final AtomicInteger checks = new AtomicInteger();
        private final int n;

        After(int n) {
            this.n = n;
        }

        @Override
        public boolean readable() {
            return checks.incrementAndGet() >= n;
        }
    }

    @Test
    void pollsUntilTheDataArrives() throws Exception {
        SpinWait spin = new SpinWait(50, 2, ticking());
        After source = new After(5);
        spin.enter();
        assertThat(spin.await(source)).isTrue();
        assertThat(source.checks).hasValue(5);
        assertThat(spin.polls()).isEqualTo(1);
        assertThat(spin.answered()).isEqualTo(1);
    }

    @Test
    void givesUpWhenTheBudgetIsSpent() throws Exception {
        SpinWait spin = new SpinWait(50, 2, ticking());
        After never = new After(Integer.MAX_VALUE);
        spin.enter();
        assertThat(spin.await(never)).isFalse();
        assertThat(never.checks.get()).isBetween(49, 50); // one check per clock reading until 50 µs have passed
        assertThat(spin.polls()).isEqualTo(1);
        assertThat(spin.answered()).isZero();
    }

    @Test
    void zeroNeverPolls() throws Exception {
        SpinWait spin = new SpinWait(0, 2);
        After source = new After(1);
        spin.enter();
        assertThat(spin.await(source)).isFalse();
        assertThat(source.checks).hasValue(0);
        assertThat(spin.polls()).isZero();
    }

    @Test
    void nobodyPollsWhileMoreReadsThanHalfTheCoresAreInFlight() throws Exception {
        SpinWait twoCores = new SpinWait(50, 2, ticking());
        twoCores.enter();
        twoCores.enter();
        After source = new After(1);
        assertThat(twoCores.await(source)).isFalse();
        assertThat(source.checks).hasValue(0);
        twoCores.exit();
        assertThat(twoCores.await(source)).isTrue(); // back to one in flight: polling again

        SpinWait eightCores = new SpinWait(50, 8, ticking());
        for (int i = 0; i < 4; i++) {
            eightCores.enter();
        }
        assertThat(eightCores.await(new After(1))).isTrue();
        eightCores.enter();
        assertThat(eightCores.await(new After(1))).isFalse();
    }
}
