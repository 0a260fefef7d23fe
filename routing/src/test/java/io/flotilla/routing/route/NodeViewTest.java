package io.flotilla.routing.route;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which nodes may serve a follower read: the test shared by the router and the driver's session affinity. */
class NodeViewTest {

    private static NodeView follower(boolean healthy, long applied, long epoch, long lag) {
        return new NodeView("n2", false, healthy, applied, epoch, lag, 0);
    }

    @Test
    void aHealthyFollowerFarEnoughInTheSessionsEpochAndWithinTheLagServes() {
        assertThat(follower(true, 10, 2, 5).servesFollowerRead(10, 2, 5)).isTrue();
        assertThat(follower(true, 10, 3, 0).servesFollowerRead(0, 2, Long.MAX_VALUE)).isTrue();
    }

    @Test
    void eachUnmetConditionAloneRefusesTheNode() {
        assertThat(new NodeView("n1", true, true, 10, 2, 0, 0).servesFollowerRead(0, 0, Long.MAX_VALUE)).isFalse();
        assertThat(follower(false, 10, 2, 0).servesFollowerRead(0, 0, Long.MAX_VALUE)).isFalse();
        assertThat(follower(true, 9, 2, 0).servesFollowerRead(10, 2, Long.MAX_VALUE)).isFalse();
        assertThat(follower(true, 10, 1, 0).servesFollowerRead(10, 2, Long.MAX_VALUE)).isFalse();
        assertThat(follower(true, 10, 2, 6).servesFollowerRead(10, 2, 5)).isFalse();
    }

    @Test
    void onlyABoundedLevelLimitsTheLag() {
        assertThat(ConsistencyLevel.maxLagMillis(ConsistencyLevel.bounded(250))).isEqualTo(250);
        assertThat(ConsistencyLevel.maxLagMillis(new ConsistencyLevel.Eventual())).isEqualTo(Long.MAX_VALUE);
        assertThat(ConsistencyLevel.maxLagMillis(new ConsistencyLevel.Monotonic())).isEqualTo(Long.MAX_VALUE);
    }
}
