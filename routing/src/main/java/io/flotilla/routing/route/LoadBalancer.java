package io.flotilla.routing.route;

import io.flotilla.routing.config.ConfigException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Picks one node among followers that already qualify; implementations must be thread-safe. */
public interface LoadBalancer {

    /** Chooses one of {@code candidates}, or empty when there are none. */
    Optional<NodeView> choose(List<NodeView> candidates);

    /**
     * A new balancer by its configuration name: {@code round-robin}, {@code least-lag} or
     * {@code least-outstanding} (case-insensitive).
     *
     * @throws ConfigException naming {@code keyForErrors} and listing the valid names
     */
    static LoadBalancer named(String name, String keyForErrors) {
        String v = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "round-robin" -> new RoundRobinBalancer();
            case "least-lag" -> new LeastLagBalancer();
            case "least-outstanding" -> new LeastOutstandingBalancer();
            default -> throw new ConfigException(keyForErrors, "unknown load balancer '" + (name == null ? "" : name.strip())
                    + "'; expected one of round-robin, least-lag, least-outstanding");
        };
    }
}
