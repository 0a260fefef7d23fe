package io.flotilla.routing.route;

import io.flotilla.routing.config.ConfigException;
import io.flotilla.routing.sql.StatementInfo;
import java.util.Optional;

/** The last rule: routes a read by its consistency level (the session's, or a hint's) to a fresh-enough follower. */
final class ConsistencyRule implements RouteRule {

    private final FollowerSelector selector;

    ConsistencyRule(FollowerSelector selector) {
        this.selector = selector;
    }

    @Override
    public Optional<Route> route(StatementInfo s, RouteContext c) {
        ConsistencyLevel level;
        try {
            level = HintRule.hintedLevel(s).orElse(c.sessionLevel());
        } catch (ConfigException e) {
            // reachable when a custom chain leaves out HintRule; the answer must be the same
            return Optional.of(Route.leader("bad-hint", c.sessionLevel()));
        }
        return Optional.of(selector.select(level, c.position(), c.nodes(), "follower"));
    }
}
