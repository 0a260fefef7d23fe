package io.flotilla.jdbc;

import java.util.Map;

/** The routing counters of one cluster client over JMX ({@code io.flotilla:type=Routing,…}). */
public interface RoutingMetricsMXBean {

    /** Every counter: decisions, by reason, by target, by node. */
    Map<String, Long> getCounters();

    /** Statements routed in all. */
    long getDecisions();

    /** Statements sent to followers. */
    long getFollowerRoutes();

    /** Statements sent to the leader. */
    long getLeaderRoutes();
}
