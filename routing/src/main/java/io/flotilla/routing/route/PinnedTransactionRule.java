package io.flotilla.routing.route;

import io.flotilla.routing.sql.StatementInfo;
import java.util.Optional;

/**
 * Keeps every statement of a read-only transaction on the node it started on, because its snapshot lives
 * there; moving it would silently change what the transaction sees. A failing pinned node is the caller's
 * error to report, not the router's to hide.
 */
final class PinnedTransactionRule implements RouteRule {

    @Override
    public Optional<Route> route(StatementInfo s, RouteContext c) {
        if (!c.inReadOnlyTransaction() || c.pinnedNode() == null) {
            return Optional.empty();
        }
        boolean pinnedToLeader = c.node(c.pinnedNode()).map(NodeView::leader).orElse(false);
        return Optional.of(pinnedToLeader
                ? Route.leader("pinned", c.sessionLevel())
                : Route.follower(c.pinnedNode(), "pinned", c.sessionLevel(), 0));
    }
}
