package io.flotilla.proxy.server;

import io.flotilla.jdbc.FlotillaProperty;
import io.flotilla.replicator.config.ClusterConfig;
import io.flotilla.routing.config.ConfigException;
import io.flotilla.routing.config.HostPort;
import io.flotilla.routing.config.TypedConfig;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The validated proxy configuration: where to listen, who may log in, auth and TLS settings, and how to reach the
 * cluster (a {@code jdbc:flotilla://} URL over every node, plus driver properties).
 */
public record ProxyConfig(
        HostPort listen,
        boolean listenSet,
        Map<String, String> users,
        String defaultPlugin,
        boolean sha2Preload,
        boolean rsaKeyRetrieval,
        Path tlsCert,
        Path tlsKey,
        Path tlsKeystore,
        String tlsKeystorePassword,
        boolean tlsRequired,
        int maxConnections,
        boolean sessionThreads,
        int ioThreads,
        int maxPacketSize,
        String serverVersion,
        String jdbcUrl,
        Map<String, String> driverProperties,
        boolean directReads,
        int connectTimeoutMs,
        int waitTimeoutMs,
        int spinWaitUs) {

    /** The prefix of every proxy key; {@link #split} uses it to keep them away from the cluster's validation. */
    public static final String PREFIX = "proxy.";
    /** The backend pool size per node unless proxy.driver.pool.max-size says otherwise. */
    static final String DEFAULT_POOL_SIZE = "100";

    public ProxyConfig {
        users = Collections.unmodifiableMap(new LinkedHashMap<>(users));
        driverProperties = Collections.unmodifiableMap(new LinkedHashMap<>(driverProperties));
    }

    /** Whether a client can switch to TLS. */
    public boolean tlsEnabled() {
        return tlsKeystore != null || tlsCert != null;
    }

    /** Splits a properties file into its proxy keys ([0]) and everything else ([1]). */
    public static Properties[] split(Properties all) {
        Properties proxy = new Properties();
        Properties rest = new Properties();
        for (String k : all.stringPropertyNames()) {
            (k.trim().startsWith(PREFIX) ? proxy : rest).setProperty(k, all.getProperty(k));
        }
        return new Properties[] {proxy, rest};
    }

    /** Validates the proxy keys; users default to the cluster's application user, the URL lists every node. */
    public static ProxyConfig from(Properties proxyProps, ClusterConfig cluster, Path baseDir) {
        TypedConfig c = TypedConfig.validate(proxyProps, EnumSet.allOf(ProxyProperty.class));
        HostPort listen = c.isSet(ProxyProperty.LISTEN)
                ? HostPort.parse(ProxyProperty.LISTEN.key(), c.get(ProxyProperty.LISTEN)) : new HostPort("127.0.0.1", 6033);
        Map<String, String> users = c.isSet(ProxyProperty.USERS)
                ? parseUsers(c.get(ProxyProperty.USERS)) : Map.of(cluster.user(), cluster.password());
        boolean hasCert = c.isSet(ProxyProperty.TLS_CERT);
        if (hasCert != c.isSet(ProxyProperty.TLS_KEY)) {
            throw new ConfigException(hasCert ? ProxyProperty.TLS_KEY.key() : ProxyProperty.TLS_CERT.key(),
                    "proxy.tls.cert and proxy.tls.key go together");
        }
        if (hasCert && c.isSet(ProxyProperty.TLS_KEYSTORE)) {
            throw new ConfigException(ProxyProperty.TLS_KEYSTORE.key(), "set either proxy.tls.keystore or proxy.tls.cert/key, not both");
        }
        boolean tls = hasCert || c.isSet(ProxyProperty.TLS_KEYSTORE);
        if (c.bool(ProxyProperty.TLS_REQUIRED) && !tls) {
            throw new ConfigException(ProxyProperty.TLS_REQUIRED.key(), "needs proxy.tls.cert/key or proxy.tls.keystore");
        }
        Map<String, String> driver = c.byPrefix(ProxyProperty.DRIVER);
        for (String k : driver.keySet()) {
            if (FlotillaProperty.of(k).isEmpty() || k.equals("user") || k.equals("password")) {
                throw new ConfigException(ProxyProperty.DRIVER.key() + k, "'" + k + "' is not a driver property the proxy can set"
                        + " (user and password come from proxy.users)");
            }
        }
        int maxConnections = positive(c, ProxyProperty.MAX_CONNECTIONS);
        int maxPacket = positive(c, ProxyProperty.MAX_PACKET_SIZE);
        String url = "jdbc:flotilla://" + cluster.nodes().values().stream().map(HostPort::toString).collect(Collectors.joining(","))
                + "/" + cluster.database();
        return new ProxyConfig(listen, c.isSet(ProxyProperty.LISTEN), users, c.get(ProxyProperty.AUTH_PLUGIN),
                c.get(ProxyProperty.SHA2_CACHE).equals("preload"), c.bool(ProxyProperty.RSA_KEY_RETRIEVAL),
                path(c, ProxyProperty.TLS_CERT, baseDir), path(c, ProxyProperty.TLS_KEY, baseDir),
                path(c, ProxyProperty.TLS_KEYSTORE, baseDir), c.get(ProxyProperty.TLS_KEYSTORE_PASSWORD),
                c.bool(ProxyProperty.TLS_REQUIRED), maxConnections,
                c.get(ProxyProperty.THREADING).equals("session-thread"), Math.max(0, c.integer(ProxyProperty.IO_THREADS)), maxPacket,
                c.get(ProxyProperty.SERVER_VERSION), url, driver, c.bool(ProxyProperty.DIRECT_READS),
                positive(c, ProxyProperty.CONNECT_TIMEOUT_MS), positive(c, ProxyProperty.WAIT_TIMEOUT_MS), spinWaitUs(c));
    }

    /** Parses {@code user:password[,user:password…]}; a password may contain ':' (only the first one splits). */
    static Map<String, String> parseUsers(String v) {
        Map<String, String> users = new LinkedHashMap<>();
        for (String part : v.split(",")) {
            String item = part.trim();
            int colon = item.indexOf(':');
            if (colon <= 0) {
                // Never echo the item: it may be a password typed without its user.
                throw new ConfigException(ProxyProperty.USERS.key(), "expects user:password pairs separated by commas");
            }
            String user = item.substring(0, colon);
            if (users.put(user, item.substring(colon + 1)) != null) {
                throw new ConfigException(ProxyProperty.USERS.key(), "user '" + user + "' is listed twice");
            }
        }
        return users;
    }

    private static int spinWaitUs(TypedConfig c) {
        int v = c.integer(ProxyProperty.SPIN_WAIT_US);
        if (v < 0 || v > SpinWait.MAX_SPIN_US) {
            throw new ConfigException(ProxyProperty.SPIN_WAIT_US.key(), "must be between 0 (never poll) and " + SpinWait.MAX_SPIN_US
                    + " (µs), was " + v);
        }
        return v;
    }

    private static int positive(TypedConfig c, ProxyProperty p) {
        int v = c.integer(p);
        if (v < 1) {
            throw new ConfigException(p.key(), "must be at least 1");
        }
        return v;
    }

    private static Path path(TypedConfig c, ProxyProperty p, Path baseDir) {
        if (!c.isSet(p)) {
            return null;
        }
        Path path = Path.of(c.get(p));
        return path.isAbsolute() || baseDir == null ? path : baseDir.resolve(path);
    }

    /** The connection properties of a session for {@code user} (the driver properties plus the credentials). */
    Properties connectionProperties(String user) {
        Properties p = new Properties();
        // Each session keeps its leader backend while it lives: the driver's default pool of 10 would cap sessions.
        p.setProperty(FlotillaProperty.POOL_MAX_SIZE.key(), DEFAULT_POOL_SIZE);
        driverProperties.forEach(p::setProperty);
        p.setProperty("user", user);
        p.setProperty("password", users.get(user));
        return p;
    }

    /** Never prints the passwords. */
    @Override
    public String toString() {
        return "ProxyConfig[listen=" + listen + ", users=" + users.keySet() + ", plugin=" + defaultPlugin + ", tls=" + tlsEnabled()
                + ", url=" + jdbcUrl + "]";
    }
}
