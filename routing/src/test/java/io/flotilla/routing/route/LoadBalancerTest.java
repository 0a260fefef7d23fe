package io.flotilla.routing.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flotilla.routing.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The three balancers and their configuration names. */
class LoadBalancerTest {

    private static NodeView node(String name, long applied, long lag, int outstanding) {
        return new NodeView(name, false, true, applied, 1, lag, outstanding);
    }

    private static final List<NodeView> THREE = List.of(node("a", 10, 5, 0), node("b", 10, 5, 0), node("c", 10, 5, 0));

    private static List<String> picks(LoadBalancer b, List<NodeView> candidates, int times) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            names.add(b.choose(candidates).orElseThrow().name());
        }
        return names;
    }

    @Test
    void everyBalancerReturnsEmptyForNoCandidates() {
        assertThat(new RoundRobinBalancer().choose(List.of())).isEmpty();
        assertThat(new LeastLagBalancer().choose(List.of())).isEmpty();
        assertThat(new LeastOutstandingBalancer().choose(List.of())).isEmpty();
    }

    @Test
    void roundRobinCyclesInOrder() {
        assertThat(picks(new RoundRobinBalancer(), THREE, 7)).containsExactly("a", "b", "c", "a", "b", "c", "a");
    }

    @Test
    void roundRobinStaysInRangeAcrossLongOverflow() {
        RoundRobinBalancer b = new RoundRobinBalancer(Long.MAX_VALUE - 2);
        // MAX-2, MAX-1, MAX, MIN, MIN+1, MIN+2: floorMod by 3 gives 2, 0, 1, 1, 2, 0
        assertThat(picks(b, THREE, 6)).containsExactly("c", "a", "b", "b", "c", "a");
    }

    @Test
    void roundRobinIndexNeverNegativeAroundOverflow() {
        RoundRobinBalancer b = new RoundRobinBalancer(Long.MAX_VALUE - 50);
        for (int i = 0; i < 100; i++) {
            assertThat(b.nextIndex(7)).isBetween(0, 6);
        }
        RoundRobinBalancer intEdge = new RoundRobinBalancer(Integer.MAX_VALUE - 1L);
        assertThat(picks(intEdge, THREE, 3)).containsExactly("a", "b", "c"); // 2^31-2, 2^31-1, 2^31 mod 3 = 0, 1, 2
    }

    @Test
    void leastLagPrefersHighestAppliedThenLowestLagThenName() {
        LeastLagBalancer b = new LeastLagBalancer();
        assertThat(b.choose(List.of(node("a", 10, 0, 0), node("b", 12, 900, 0))).orElseThrow().name()).isEqualTo("b");
        assertThat(b.choose(List.of(node("a", 12, 30, 0), node("b", 12, 20, 0))).orElseThrow().name()).isEqualTo("b");
        assertThat(b.choose(List.of(node("z", 12, 20, 0), node("m", 12, 20, 0))).orElseThrow().name()).isEqualTo("m");
    }

    @Test
    void leastOutstandingPrefersFewestAndRotatesAmongTies() {
        LeastOutstandingBalancer b = new LeastOutstandingBalancer();
        List<NodeView> nodes = List.of(node("a", 10, 0, 4), node("b", 10, 0, 1), node("c", 10, 0, 1), node("d", 10, 0, 2));
        assertThat(picks(b, nodes, 4)).containsExactly("b", "c", "b", "c");
        assertThat(b.choose(List.of(node("a", 1, 0, 3), node("b", 1, 0, 0))).orElseThrow().name()).isEqualTo("b");
    }

    @Test
    void namedBuildsEachKindCaseInsensitively() {
        assertThat(LoadBalancer.named("round-robin", "k")).isInstanceOf(RoundRobinBalancer.class);
        assertThat(LoadBalancer.named(" Least-Lag ", "k")).isInstanceOf(LeastLagBalancer.class);
        assertThat(LoadBalancer.named("LEAST-OUTSTANDING", "k")).isInstanceOf(LeastOutstandingBalancer.class);
        // separate instances: a shared counter across routers would be hidden global state
        assertThat(LoadBalancer.named("round-robin", "k")).isNotSameAs(LoadBalancer.named("round-robin", "k"));
    }

    @Test
    void namedRejectsUnknownNamingKey() {
        assertThatThrownBy(() -> LoadBalancer.named("random", "routing.balancer"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'routing.balancer'")
                .hasMessageContaining("'random'")
                .hasMessageContaining("round-robin, least-lag, least-outstanding");
        assertThatThrownBy(() -> LoadBalancer.named(null, "routing.balancer")).isInstanceOf(ConfigException.class);
    }
}
