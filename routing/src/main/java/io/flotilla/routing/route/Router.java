package io.flotilla.routing.route;

import io.flotilla.routing.sql.StatementInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes a statement by asking an ordered chain of rules; the first rule with an answer wins, and a statement
 * no rule claims goes to the leader as {@code unclassified}. Thread-safe if its rules and balancer are.
 */
public final class Router {

    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    private final List<RouteRule> rules;
    private final RoutingMetrics metrics;

    /** A router over {@code rules}, in order, without metrics. */
    public Router(List<RouteRule> rules) {
        this(rules, null);
    }

    /** A router over {@code rules}, in order, counting every decision in {@code metrics} (may be null). */
    public Router(List<RouteRule> rules, RoutingMetrics metrics) {
        this.rules = List.copyOf(rules);
        this.metrics = metrics;
    }

    /** The standard chain (see {@link #standardRules}) without metrics. */
    public static Router standard(LoadBalancer balancer) {
        return new Router(standardRules(balancer), null);
    }

    /** The standard chain (see {@link #standardRules}) counting decisions in {@code metrics}. */
    public static Router standard(LoadBalancer balancer, RoutingMetrics metrics) {
        return new Router(standardRules(balancer), metrics);
    }

    /**
     * The standard rules, in order: leader-only statements and read-write transactions; {@code flotilla:} hints;
     * the pinned node of a read-only transaction; consistency-based follower choice with {@code balancer}.
     * Returned as a mutable copy so a caller can insert its own rules.
     */
    public static List<RouteRule> standardRules(LoadBalancer balancer) {
        FollowerSelector selector = new FollowerSelector(balancer);
        return new ArrayList<>(List.of(new LeaderOnlyRule(), new HintRule(selector),
                new PinnedTransactionRule(), new ConsistencyRule(selector)));
    }

    /** The route for one analysed statement; never null. */
    public Route route(StatementInfo s, RouteContext c) {
        Objects.requireNonNull(s, "statement");
        Objects.requireNonNull(c, "context");
        Route route = null;
        for (RouteRule rule : rules) {
            Optional<Route> r = rule.route(s, c);
            if (r.isPresent()) {
                route = r.get();
                break;
            }
        }
        if (route == null) {
            route = Route.leader("unclassified", c.sessionLevel());
        }
        if (metrics != null) {
            metrics.record(route);
        }
        if (LOG.isDebugEnabled()) {
            // the SQL text is left out on purpose: it may carry user data
            LOG.debug("route {} -> {} {} reason={} level={} requiredLsn={} mustWait={}", s.kind(), route.target(),
                    route.node() == null ? "" : route.node(), route.reason(), route.consistency().text(),
                    route.requiredLsn(), route.mustWait());
        }
        return route;
    }
}
