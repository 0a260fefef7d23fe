package io.flotilla.replicator.cluster;

import io.flotilla.replicator.config.ClusterConfig;
import io.flotilla.routing.config.HostPort;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/** JDBC connections to the nodes of a cluster, as the application user or as the replicator. */
public final class Nodes {

    /** Connector/J options shared by every Flotilla backend connection. */
    public static final String OPTIONS = "allowMultiQueries=true&useSSL=false&allowPublicKeyRetrieval=true"
            + "&cachePrepStmts=true&prepStmtCacheSize=1000&prepStmtCacheSqlLimit=65536&useLocalSessionState=true"
            + "&connectTimeout=3000&characterEncoding=UTF-8&connectionCollation=utf8mb4_general_ci&tcpNoDelay=true";

    private final ClusterConfig config;
    /** Nodes added at run time (follower add, or found in flotilla.nodes at start-up), beyond the configured ones. */
    private final Map<String, HostPort> added = new ConcurrentHashMap<>();

    public Nodes(ClusterConfig config) {
        this.config = config;
    }

    /** Makes a node added at run time addressable. */
    public void register(String node, HostPort address) {
        if (!config.nodes().containsKey(node)) {
            added.put(node, address);
        }
    }

    /** Forgets a node added at run time (its provisioning failed). */
    public void unregister(String node) {
        added.remove(node);
    }

    /** Every node name: the configured ones in configuration order, then those added at run time (sorted). */
    public List<String> names() {
        List<String> out = new ArrayList<>(config.nodes().keySet());
        added.keySet().stream().sorted().forEach(out::add);
        return out;
    }

    /** The JDBC URL of a node, optionally without a default database. */
    public String url(String node, boolean withDatabase) {
        HostPort hp = address(node);
        return "jdbc:mysql://" + hp.host() + ":" + hp.port() + "/" + (withDatabase ? config.database() : "") + "?" + OPTIONS;
    }

    public HostPort address(String node) {
        HostPort hp = config.nodes().get(node);
        if (hp == null) {
            hp = added.get(node);
        }
        if (hp == null) {
            throw new IllegalArgumentException("unknown node '" + node + "'; the nodes are " + names());
        }
        return hp;
    }

    /** A connection as the application user ({@code cluster.user}). */
    public Connection app(String node) throws SQLException {
        return open(url(node, true), config.user(), config.password());
    }

    /** A connection as the replicator ({@code replication.user}). */
    public Connection replicator(String node) throws SQLException {
        return open(url(node, false), config.replicationUser(), config.replicationPassword());
    }

    /** A connection as the replicator whose every read, the login included, waits at most {@code socketTimeoutMs}. */
    public Connection replicator(String node, int socketTimeoutMs) throws SQLException {
        return open(url(node, false) + "&socketTimeout=" + socketTimeoutMs, config.replicationUser(), config.replicationPassword());
    }

    /** A connection factory for the replicator on one node. */
    public ConnectionFactory replicatorFactory(String node) {
        return () -> replicator(node);
    }

    static Connection open(String url, String user, String password) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        return DriverManager.getConnection(url, p);
    }
}
