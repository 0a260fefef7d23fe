package io.flotilla.jdbc;

import io.flotilla.routing.config.ConfigException;
import io.flotilla.routing.config.TypedConfig;
import io.flotilla.routing.route.ConfiguredRule;
import io.flotilla.routing.route.ConsistencyLevel;
import io.flotilla.routing.route.RoutingRules;
import java.io.IOException;
import java.io.Reader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;

/**
 * The validated driver settings of one connection; keys the driver does not know are passed to Connector/J.
 *
 * @param failoverWaitMs how long a write refused by a read-only (demoted) leader waits for the new leader
 * @param backendOptions {@code &key=value…} for the Connector/J URLs of the backends
 */
public record DriverSettings(String user, String password, ConsistencyLevel consistency, int waitMs, boolean fallbackToLeader,
                             String loadBalancer, boolean sessionAffinity, String token, int poolMaxSize, int positionMaxAgeMs,
                             String backendOptions,
                             List<ConfiguredRule> rules, String rulesText, int failoverWaitMs) {

    /** Merges URL parameters, then {@code Properties} (which win), then the {@code configFile} defaults. */
    static DriverSettings from(FlotillaUrl url, Properties info) throws SQLException {
        Properties all = new Properties();
        url.properties().forEach(all::setProperty);
        if (info != null) {
            info.stringPropertyNames().forEach(k -> all.setProperty(k, info.getProperty(k)));
        }
        String file = all.getProperty(FlotillaProperty.CONFIG_FILE.key());
        if (file != null) {
            Properties fromFile = new Properties();
            try (Reader r = Files.newBufferedReader(Path.of(file))) {
                fromFile.load(r);
            } catch (IOException e) {
                throw new SQLException("cannot read configFile " + file + " (" + e.getClass().getSimpleName() + ")", "HY000", e);
            }
            fromFile.stringPropertyNames().forEach(k -> {
                if (!all.containsKey(k)) {
                    all.setProperty(k, fromFile.getProperty(k));
                }
            });
        }
        Properties ours = new Properties();
        Properties ruleProps = new Properties();
        StringBuilder backend = new StringBuilder();
        for (String k : new java.util.TreeSet<>(all.stringPropertyNames())) {
            if (RoutingRules.isRuleKey(k)) {
                ruleProps.setProperty(k, all.getProperty(k));
            } else if (FlotillaProperty.of(k).isPresent()) {
                ours.setProperty(k, all.getProperty(k));
            } else {
                backend.append('&').append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                        .append(URLEncoder.encode(all.getProperty(k), StandardCharsets.UTF_8));
            }
        }
        try {
            TypedConfig c = TypedConfig.validate(ours, EnumSet.allOf(FlotillaProperty.class));
            return new DriverSettings(c.get(FlotillaProperty.USER), c.get(FlotillaProperty.PASSWORD),
                    ConsistencyLevel.parse(c.get(FlotillaProperty.CONSISTENCY), FlotillaProperty.CONSISTENCY.key()),
                    c.integer(FlotillaProperty.CONSISTENCY_WAIT_MS),
                    c.get(FlotillaProperty.CONSISTENCY_FALLBACK).equalsIgnoreCase("leader"),
                    c.get(FlotillaProperty.LOAD_BALANCER),
                    c.get(FlotillaProperty.LOAD_BALANCER_AFFINITY).equalsIgnoreCase("session"), c.get(FlotillaProperty.TOKEN),
                    c.integer(FlotillaProperty.POOL_MAX_SIZE), c.integer(FlotillaProperty.POSITION_MAX_AGE_MS),
                    backend.toString(), RoutingRules.parse(ruleProps), new java.util.TreeMap<>(ruleProps).toString(),
                    c.integer(FlotillaProperty.FAILOVER_WAIT_MS));
        } catch (ConfigException e) {
            throw new SQLException("Flotilla " + e.getMessage(), "HY000", e);
        }
    }

    /** A backend (Connector/J) option's value, its key matched case-insensitively as Connector/J does. */
    java.util.Optional<String> backendOption(String key) {
        for (String kv : backendOptions.split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0 && kv.substring(0, eq).equalsIgnoreCase(key)) {
                return java.util.Optional.of(java.net.URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return java.util.Optional.empty();
    }

    /** Connector/J's socketTimeout from the backend options (0: none, its default; an unparsable value is left to it). */
    int backendSocketTimeoutMs() {
        try {
            return Math.max(0, Integer.parseInt(backendOption("socketTimeout").orElse("0")));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The key under which connections share a cluster client: the hosts, database and user (never the password). */
    static String clientKey(FlotillaUrl url, DriverSettings s) {
        return url.hosts() + "/" + url.database() + "/" + s.user() + "/" + s.backendOptions() + "/" + s.loadBalancer()
                + "/" + s.poolMaxSize() + "/" + s.positionMaxAgeMs() + "/" + s.rulesText() + "/" + Integer.toHexString(String.valueOf(s.password()).hashCode());
    }

}
