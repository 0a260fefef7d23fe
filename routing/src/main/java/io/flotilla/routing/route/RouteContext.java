package io.flotilla.routing.route;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a router needs besides the statement: the session's transaction state, the follower a read-only
 * transaction is pinned to (null if none), the session's consistency level and position, and the nodes.
 */
public record RouteContext(boolean inReadWriteTransaction, boolean inReadOnlyTransaction, String pinnedNode,
                           ConsistencyLevel sessionLevel, SessionPosition position, List<NodeView> nodes) {

    public RouteContext {
        Objects.requireNonNull(sessionLevel, "sessionLevel");
        Objects.requireNonNull(position, "position");
        nodes = List.copyOf(nodes);
        if (inReadWriteTransaction && inReadOnlyTransaction) {
            throw new IllegalArgumentException("a transaction cannot be both read-write and read-only");
        }
    }

    /** Outside any transaction. */
    public static RouteContext autocommit(ConsistencyLevel level, SessionPosition position, List<NodeView> nodes) {
        return new RouteContext(false, false, null, level, position, nodes);
    }

    /** The node with this exact name, if the router knows it. */
    public Optional<NodeView> node(String name) {
        for (NodeView n : nodes) {
            if (n.name().equals(name)) {
                return Optional.of(n);
            }
        }
        return Optional.empty();
    }
}
