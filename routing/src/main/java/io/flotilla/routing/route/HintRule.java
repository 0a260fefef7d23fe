package io.flotilla.routing.route;

import io.flotilla.routing.config.ConfigException;
import io.flotilla.routing.sql.StatementInfo;
import java.util.Optional;

/**
 * Applies {@code flotilla:} comment hints on reads: {@code leader}, {@code follower}, {@code node=<name>}; a
 * {@code consistency=<level>} hint alone is left to later rules. A bad hint sends the statement to the leader
 * (reason {@code bad-hint}) instead of failing it, because a typo in a comment must not break an application.
 */
final class HintRule implements RouteRule {

    /** The name used in error messages for a consistency hint. */
    static final String HINT_KEY = "hint flotilla:consistency";

    private final FollowerSelector selector;

    HintRule(FollowerSelector selector) {
        this.selector = selector;
    }

    /**
     * The level named by a consistency hint, if any.
     *
     * @throws ConfigException when the hint does not name a level
     */
    static Optional<ConsistencyLevel> hintedLevel(StatementInfo s) {
        return s.hints().consistency().map(text -> ConsistencyLevel.parse(text, HINT_KEY));
    }

    @Override
    public Optional<Route> route(StatementInfo s, RouteContext c) {
        if (s.hints().isEmpty()) {
            return Optional.empty();
        }
        Optional<ConsistencyLevel> hinted;
        try {
            hinted = hintedLevel(s);
        } catch (ConfigException e) {
            return Optional.of(Route.leader("bad-hint", c.sessionLevel()));
        }
        ConsistencyLevel level = hinted.orElse(c.sessionLevel());
        Optional<String> target = s.hints().target();
        if (target.isEmpty()) {
            return Optional.empty();
        }
        switch (target.get()) {
            case "leader":
                return Optional.of(Route.leader("hint:leader", level));
            case "follower":
                if (level instanceof ConsistencyLevel.Strong) {
                    if (hinted.isPresent()) {
                        return Optional.of(Route.leader("bad-hint", level)); // follower and strong contradict
                    }
                    // the statement asks for a follower explicitly, which beats a session-wide default of strong
                    level = ConsistencyLevel.READ_YOUR_WRITES;
                }
                return Optional.of(selector.select(level, c.position(), c.nodes(), "hint:follower"));
            default:
                return Optional.of(toNode(target.get(), level, c));
        }
    }

    private static Route toNode(String name, ConsistencyLevel level, RouteContext c) {
        Optional<NodeView> node = c.node(name);
        if (node.isEmpty()) {
            return Route.leader("hint-node-unknown", level);
        }
        if (node.get().leader()) {
            return Route.leader("hint:node", level);
        }
        if (!node.get().healthy()) {
            return Route.leader("hint-node-unhealthy", level);
        }
        // naming a node is an explicit choice to read whatever that node has, so no position is required
        return Route.follower(name, "hint:node", level, 0);
    }
}
