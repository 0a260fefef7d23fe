package io.flotilla.routing.route;

import io.flotilla.routing.config.ConfigException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * Parses routing rules from properties: {@code rule.<name>.tables}, {@code .regex}, {@code .user}, {@code .target},
 * {@code .consistency}; rules apply in name order, the first match wins. Errors name the offending key.
 */
public final class RoutingRules {

    /** The property prefix of rule keys. */
    public static final String PREFIX = "rule.";
    private static final Set<String> FIELDS = Set.of("tables", "regex", "user", "target", "consistency");

    private RoutingRules() {
    }

    /** Whether a key belongs to a routing rule. */
    public static boolean isRuleKey(String key) {
        return key.startsWith(PREFIX);
    }

    /**
     * The rules defined in {@code props} (other keys are ignored).
     *
     * @throws ConfigException naming the key of the first invalid rule setting
     */
    public static List<ConfiguredRule> parse(Properties props) {
        Map<String, Map<String, String>> byName = new TreeMap<>();
        for (String key : props.stringPropertyNames()) {
            if (!isRuleKey(key)) {
                continue;
            }
            String rest = key.substring(PREFIX.length());
            int dot = rest.lastIndexOf('.');
            if (dot <= 0 || !FIELDS.contains(rest.substring(dot + 1))) {
                throw new ConfigException(key, "expected rule.<name>.<" + String.join("|", new java.util.TreeSet<>(FIELDS)) + ">");
            }
            byName.computeIfAbsent(rest.substring(0, dot), k -> new TreeMap<>()).put(rest.substring(dot + 1), props.getProperty(key).trim());
        }
        List<ConfiguredRule> out = new ArrayList<>();
        byName.forEach((name, f) -> out.add(rule(name, f)));
        return out;
    }

    private static ConfiguredRule rule(String name, Map<String, String> f) {
        String base = PREFIX + name + ".";
        String target = f.get("target");
        if (target == null || target.isEmpty()) {
            throw new ConfigException(base + "target", "is required: leader, followers or a node name");
        }
        if (!f.containsKey("tables") && !f.containsKey("regex") && !f.containsKey("user")) {
            throw new ConfigException(base + "tables", "a rule needs at least one of tables, regex or user to match on");
        }
        Set<String> tables = f.containsKey("tables")
                ? Arrays.stream(f.get("tables").split(",")).map(String::trim).filter(t -> !t.isEmpty())
                        .map(t -> t.replace("`", "").toLowerCase(Locale.ROOT)).collect(Collectors.toSet())
                : Set.of();
        Pattern regex = null;
        if (f.containsKey("regex")) {
            try {
                regex = Pattern.compile(f.get("regex"));
            } catch (PatternSyntaxException e) {
                throw new ConfigException(base + "regex", "is not a valid regular expression: " + e.getDescription());
            }
        }
        ConsistencyLevel level = f.containsKey("consistency") ? ConsistencyLevel.parse(f.get("consistency"), base + "consistency") : null;
        String t = target.equalsIgnoreCase("leader") || target.equalsIgnoreCase("followers") ? target.toLowerCase(Locale.ROOT) : target;
        return new ConfiguredRule(name, tables, regex, f.get("user"), t, level);
    }

    /**
     * A router with the configured rules that apply to {@code user}, placed after leader-only rules, hints and the
     * pinned read-only transaction (a rule must not move a statement out of its transaction), before the default.
     */
    public static Router router(List<ConfiguredRule> rules, String user, LoadBalancer balancer, RoutingMetrics metrics) {
        FollowerSelector selector = new FollowerSelector(balancer);
        List<RouteRule> chain = new ArrayList<>(List.of(new LeaderOnlyRule(), new HintRule(selector), new PinnedTransactionRule()));
        for (ConfiguredRule r : rules) {
            if (r.user() == null || r.user().equals(user)) {
                chain.add(r.asRouteRule(selector));
            }
        }
        chain.add(new ConsistencyRule(selector));
        return new Router(chain, metrics);
    }
}
