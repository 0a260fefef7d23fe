package io.flotilla.routing.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Counting under concurrency and snapshot isolation. */
class RoutingMetricsTest {

    @Test
    void concurrentRecordsAreAllCounted() throws InterruptedException {
        RoutingMetrics m = new RoutingMetrics();
        Route route = Route.follower("f1", "follower", ConsistencyLevel.EVENTUAL, 0);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    m.record(route);
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(m.get("decisions")).isEqualTo(80_000);
        assertThat(m.get("node.f1")).isEqualTo(80_000);
        assertThat(m.get("target.leader")).isZero();
    }

    @Test
    void snapshotIsAnUnmodifiableCopy() {
        RoutingMetrics m = new RoutingMetrics();
        m.record(Route.leader("write", ConsistencyLevel.DEFAULT));
        Map<String, Long> before = m.snapshot();
        m.record(Route.leader("write", ConsistencyLevel.DEFAULT));
        assertThat(before).containsEntry("reason.write", 1L).doesNotContainKey("node.null");
        assertThat(m.snapshot()).containsEntry("reason.write", 2L);
        assertThatThrownBy(() -> before.put("x", 1L)).isInstanceOf(UnsupportedOperationException.class);
    }
}
