package io.flotilla.routing.route;

import io.flotilla.routing.sql.StatementInfo;
import java.util.Optional;

/** One link of the routing chain: decides a statement's route, or passes (empty) to the next rule. */
@FunctionalInterface
public interface RouteRule {

    /** The route for {@code s}, or empty when this rule has no opinion. */
    Optional<Route> route(StatementInfo s, RouteContext c);
}
