package io.flotilla.jdbc;

import io.flotilla.routing.config.ConfigException;
import io.flotilla.routing.config.HostPort;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed {@code jdbc:flotilla://host:port[,host:port…]/database[?key=value&…]} URL.
 *
 * @param hosts cluster nodes to learn the cluster from; the first is the leader only at bootstrap
 * @param properties the query parameters, URL-decoded, in order
 */
public record FlotillaUrl(List<HostPort> hosts, String database, Map<String, String> properties) {

    /** The URL prefix this driver answers to. */
    public static final String PREFIX = "jdbc:flotilla://";

    public FlotillaUrl {
        hosts = List.copyOf(hosts);
        properties = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /** Whether the URL is for this driver at all (foreign URLs get null from {@code connect}). */
    public static boolean accepts(String url) {
        return url != null && url.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }

    /**
     * Parses a Flotilla URL; empty for foreign URLs.
     *
     * @throws SQLException (SQLState 08001) naming what is wrong with a malformed Flotilla URL
     */
    public static Optional<FlotillaUrl> parse(String url) throws SQLException {
        if (!accepts(url)) {
            return Optional.empty();
        }
        String rest = url.substring(PREFIX.length());
        int q = rest.indexOf('?');
        String query = q >= 0 ? rest.substring(q + 1) : "";
        String path = q >= 0 ? rest.substring(0, q) : rest;
        int slash = path.indexOf('/');
        String hostPart = slash >= 0 ? path.substring(0, slash) : path;
        String database = slash >= 0 ? path.substring(slash + 1) : "";
        if (hostPart.isBlank()) {
            throw bad(url, "no host:port given (expected jdbc:flotilla://host:port[,host:port…]/database)");
        }
        if (database.isBlank() || database.contains("/")) {
            throw bad(url, "no database given (expected …/database after the hosts)");
        }
        List<HostPort> hosts = new ArrayList<>();
        for (String h : hostPart.split(",")) {
            try {
                hosts.add(HostPort.parse("url", h.trim()));
            } catch (ConfigException e) {
                throw bad(url, "host '" + h.trim() + "' is not host:port");
            }
        }
        Map<String, String> props = new LinkedHashMap<>();
        if (!query.isEmpty()) {
            for (String kv : query.split("&")) {
                if (kv.isEmpty()) {
                    continue;
                }
                int eq = kv.indexOf('=');
                if (eq <= 0) {
                    throw bad(url, "parameter '" + kv + "' is not key=value");
                }
                props.put(decode(kv.substring(0, eq)), decode(kv.substring(eq + 1)));
            }
        }
        return Optional.of(new FlotillaUrl(hosts, decode(database), props));
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static SQLException bad(String url, String why) {
        // Never echo the query string: it may carry a password.
        int q = url.indexOf('?');
        String shown = q >= 0 ? url.substring(0, q) + "?…" : url;
        return new SQLException("malformed Flotilla URL " + shown + ": " + why, "08001");
    }
}
