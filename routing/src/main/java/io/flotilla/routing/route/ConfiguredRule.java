package io.flotilla.routing.route;

import io.flotilla.routing.sql.StatementInfo;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A routing rule from the configuration: statements that touch one of {@code tables} and/or match {@code regex}
 * go to {@code target} ({@code leader}, {@code followers} or a node name), optionally at {@code consistency}.
 *
 * @param tables lower-case table names (a name without schema matches it in any schema); empty = any
 * @param regex matched with {@code find()} against the statement text; null = any
 * @param user the database user the rule is for; null = every user (checked when the router is built)
 * @param consistency the level reads get under this rule; null = the session's level
 */
public record ConfiguredRule(String name, Set<String> tables, Pattern regex, String user, String target,
                             ConsistencyLevel consistency) {

    public ConfiguredRule {
        tables = Set.copyOf(tables);
    }

    /** Whether the statement matches every matcher the rule has. */
    boolean matches(StatementInfo s) {
        if (!tables.isEmpty() && s.tables().stream().noneMatch(this::tableMatches)) {
            return false;
        }
        return regex == null || regex.matcher(s.sql()).find();
    }

    private boolean tableMatches(String t) {
        String bare = t.contains(".") ? t.substring(t.indexOf('.') + 1) : t;
        return tables.contains(t) || tables.contains(bare);
    }

    /** The rule as a link of the router chain (it only ever sees reads: writes were routed before it). */
    RouteRule asRouteRule(FollowerSelector selector) {
        String reason = "rule:" + name;
        return (s, c) -> {
            if (!matches(s)) {
                return Optional.empty();
            }
            ConsistencyLevel level = consistency != null ? consistency : c.sessionLevel();
            return switch (target) {
                case "leader" -> Optional.of(Route.leader(reason, level));
                case "followers" -> Optional.of(selector.select(level, c.position(), c.nodes(), reason));
                default -> Optional.of(c.node(target)
                        .filter(n -> !n.leader() && n.healthy())
                        .map(n -> Route.follower(n.name(), reason, level, 0))
                        .orElseGet(() -> Route.leader(reason + ":node-unavailable", level)));
            };
        };
    }
}
