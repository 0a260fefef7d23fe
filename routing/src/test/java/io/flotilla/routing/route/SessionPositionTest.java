package io.flotilla.routing.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Monotonicity, epoch handling and token merging of a session position. */
class SessionPositionTest {

    @Test
    void startsAtZero() {
        SessionPosition p = new SessionPosition();
        assertThat(p.epoch()).isZero();
        assertThat(p.lastWrite()).isZero();
        assertThat(p.lastSeen()).isZero();
    }

    @Test
    void writesAndReadsNeverGoBackwardsWithinAnEpoch() {
        SessionPosition p = new SessionPosition();
        p.recordWrite(3, 100);
        p.recordWrite(3, 90); // a late acknowledgement of an older write
        p.recordRead(150);
        p.recordRead(120);
        assertThat(p.epoch()).isEqualTo(3);
        assertThat(p.lastWrite()).isEqualTo(100);
        assertThat(p.lastSeen()).isEqualTo(150);

        p.recordWrite(3, 160);
        assertThat(p.lastWrite()).isEqualTo(160);
        assertThat(p.lastSeen()).isEqualTo(150);
    }

    @Test
    void higherEpochReplacesAndOlderEpochIsIgnored() {
        SessionPosition p = new SessionPosition();
        p.recordWrite(3, 500);
        p.recordRead(600);

        p.recordWrite(4, 40); // after failover the old epoch's LSNs say nothing
        assertThat(p.epoch()).isEqualTo(4);
        assertThat(p.lastWrite()).isEqualTo(40);
        assertThat(p.lastSeen()).isZero();

        p.recordWrite(3, 900); // a straggler from the old leader
        assertThat(p.epoch()).isEqualTo(4);
        assertThat(p.lastWrite()).isEqualTo(40);
    }

    @Test
    void mergeTakesMaxInSameEpochReplacesOnNewerAndIgnoresOlder() {
        SessionPosition p = new SessionPosition();
        p.recordWrite(2, 100);
        p.recordRead(80);

        p.merge(new ConsistencyToken(2, 90, 130));
        assertThat(p.toToken()).isEqualTo(new ConsistencyToken(2, 100, 130));

        p.merge(new ConsistencyToken(1, 10_000, 10_000));
        assertThat(p.toToken()).isEqualTo(new ConsistencyToken(2, 100, 130));

        p.merge(new ConsistencyToken(5, 7, 3));
        assertThat(p.toToken()).isEqualTo(new ConsistencyToken(5, 7, 3));
    }

    @Test
    void resumesFromToken() {
        SessionPosition p = SessionPosition.of(new ConsistencyToken(9, 42, 43));
        assertThat(p.epoch()).isEqualTo(9);
        assertThat(p.lastWrite()).isEqualTo(42);
        assertThat(p.lastSeen()).isEqualTo(43);
    }

    @Test
    void rejectsNegativeValues() {
        SessionPosition p = new SessionPosition();
        assertThatThrownBy(() -> p.recordWrite(-1, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> p.recordWrite(1, -5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> p.recordRead(-5)).isInstanceOf(IllegalArgumentException.class);
        assertThat(p.toToken()).isEqualTo(new ConsistencyToken(0, 0, 0));
    }
}
