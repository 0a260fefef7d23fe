package io.flotilla.replicator.cluster;

import io.flotilla.embedded.EmbeddedNode;
import io.flotilla.replicator.config.ClusterConfig;
import io.flotilla.replicator.log.LogRetention;
import io.flotilla.replicator.log.LogSchema;
import io.flotilla.replicator.provision.CopyProgress;
import io.flotilla.replicator.provision.ProvisionResult;
import io.flotilla.replicator.provision.Provisioner;
import io.flotilla.replicator.provision.SchemaCopier;
import io.flotilla.replicator.sync.SyncSchema;
import io.flotilla.routing.config.HostPort;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds a node to the cluster's membership from a leader snapshot: bootstraps it, provisions it, lists it on every
 * node as {@code provisioning} (drivers do not route to it), and later marks it {@code active}.
 */
public final class FollowerProvisioning {

    /** Listed, copied and catching up: drivers do not read from it yet. */
    public static final String PROVISIONING = "provisioning";
    /** A full member that drivers route reads to. */
    public static final String ACTIVE = "active";

    private static final Logger LOG = LoggerFactory.getLogger(FollowerProvisioning.class);

    /** One row of flotilla.nodes. */
    public record Member(String name, HostPort address, String state) {
    }

    private final ClusterConfig config;
    private final Nodes nodes;

    public FollowerProvisioning(ClusterConfig config, Nodes nodes) {
        this.config = config;
        this.nodes = nodes;
    }

    /**
     * Provisions {@code name} (already registered in {@link Nodes} and reachable as the replicator) from the leader
     * and lists it everywhere as provisioning. Its applier must be started by whoever runs the appliers.
     */
    public ProvisionResult provision(String leader, String name, CopyProgress progress) throws SQLException {
        if (name.equals(leader)) {
            throw new IllegalArgumentException("'" + name + "' is the leader; only followers can be provisioned");
        }
        boolean member = members(leader).containsKey(name);
        if (!member) {
            refuseUnlessEmpty(name);
        }
        prepare(leader, name);
        // Drivers must stop reading from a node that is rebuilt; a new node is listed only once its copy is complete.
        if (member) {
            setState(name, PROVISIONING);
        }
        List<ConnectionFactory> others = nodes.names().stream()
                .filter(n -> !n.equals(leader) && !n.equals(name)).map(nodes::replicatorFactory).toList();
        try {
            ProvisionResult r = new Provisioner(name, nodes.replicatorFactory(leader), nodes.replicatorFactory(name), others, progress).provision();
            register(name, PROVISIONING);
            return r;
        } catch (SQLException | RuntimeException e) {
            // A failed attempt must not keep the leader's log from being purged forever.
            try (Connection l = nodes.replicator(leader)) {
                LogRetention.release(l, name);
            } catch (SQLException ignored) {
                LOG.warn("could not release the log hold of {} after a failed provisioning; delete it from flotilla.holds", name);
            }
            throw e;
        }
    }

    /**
     * Provisioning wipes the node's application schemas: a new node must hold no tables, so that an address typed
     * wrong cannot destroy another server's data (rebuilding a member is {@code rebuildFollower}).
     */
    private void refuseUnlessEmpty(String name) throws SQLException {
        try (Connection c = nodes.replicator(name)) {
            List<String> used = new ArrayList<>();
            for (String schema : SchemaCopier.applicationSchemas(c)) {
                try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM information_schema.TABLES WHERE table_schema = ?")) {
                    ps.setString(1, schema);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        if (rs.getLong(1) > 0) {
                            used.add(schema);
                        }
                    }
                }
            }
            if (!used.isEmpty()) {
                throw new IllegalArgumentException("node " + name + " at " + nodes.address(name) + " is not empty (tables in " + used
                        + "); a new follower needs an empty server, and provisioning would drop them");
            }
        }
    }

    /** The flotilla schema, the application user, read-only, and the leader's cluster record and member list. */
    private void prepare(String leader, String name) throws SQLException {
        try (Connection l = nodes.replicator(leader); Connection c = nodes.replicator(name)) {
            // Before anything else: application users must never write to a follower.
            Bootstrap.setReadOnly(c, true);
            LogSchema.create(c);
            LogSchema.grantApplication(c, config.user(), config.password(), config.database());
            // It may be promoted one day: a leader keeps the replication-mode record there.
            SyncSchema.create(c);
            SyncSchema.grant(c, config.user());
            try (Statement st = l.createStatement();
                 ResultSet rs = st.executeQuery("SELECT epoch, leader, updated_us, cluster_id FROM flotilla.cluster WHERE id = 1");
                 PreparedStatement ps = c.prepareStatement("REPLACE INTO flotilla.cluster VALUES (1, ?, ?, ?, ?)")) {
                if (!rs.next()) {
                    throw new SQLException("the leader " + leader + " has no cluster record", "HY000");
                }
                for (int i = 1; i <= 4; i++) {
                    ps.setObject(i, rs.getObject(i));
                }
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("REPLACE INTO flotilla.nodes (name, host, port, state) VALUES (?, ?, ?, ?)")) {
                for (Member m : members(l).values()) {
                    ps.setString(1, m.name());
                    ps.setString(2, m.address().host());
                    ps.setInt(3, m.address().port());
                    ps.setString(4, m.state());
                    ps.executeUpdate();
                }
            }
        }
    }

    /** Lists the node with that state on every reachable node (the membership is not replicated through the log). */
    void register(String name, String state) {
        HostPort hp = nodes.address(name);
        for (String n : nodes.names()) {
            try (Connection c = nodes.replicator(n);
                 PreparedStatement ps = c.prepareStatement("REPLACE INTO flotilla.nodes (name, host, port, state) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, name);
                ps.setString(2, hp.host());
                ps.setInt(3, hp.port());
                ps.setString(4, state);
                ps.executeUpdate();
            } catch (SQLException e) {
                LOG.warn("cannot list {} as {} on {}: {}", name, state, n, e.getMessage());
            }
        }
    }

    private void setState(String name, String state) {
        for (String n : nodes.names()) {
            try (Connection c = nodes.replicator(n);
                 PreparedStatement ps = c.prepareStatement("UPDATE flotilla.nodes SET state = ? WHERE name = ?")) {
                ps.setString(1, state);
                ps.setString(2, name);
                ps.executeUpdate();
            } catch (SQLException e) {
                LOG.warn("cannot mark {} {} on {}: {}", name, state, n, e.getMessage());
            }
        }
    }

    /** Marks a caught-up node active everywhere and releases its hold on the leader's log. */
    void activate(String leader, String name) throws SQLException {
        setState(name, ACTIVE);
        try (Connection l = nodes.replicator(leader)) {
            LogRetention.release(l, name);
        }
        LOG.info("follower {} caught up: active, reads may be routed to it", name);
    }

    /**
     * Provisions a new follower from a process that does not run the cluster (the {@code follower add} command): the
     * running replicator ({@code flotilla up}) finds the node in flotilla.nodes, starts its applier and marks it
     * active once caught up. In an embedded cluster the node is created under {@code embedded.dir/NAME}, filled, and
     * stopped again for {@code up} to start; otherwise an empty MariaDB must be running at the address.
     */
    public static ProvisionResult addFromOutside(ClusterConfig config, String name, HostPort address, CopyProgress progress) throws SQLException {
        Nodes nodes = new Nodes(config);
        Bootstrap.ClusterRecord newest = new Bootstrap.ClusterRecord(-1, null);
        for (String n : config.nodes().keySet()) {
            try (Connection c = nodes.replicator(n)) {
                newest = newest.newer(Bootstrap.clusterRecord(c));
            } catch (SQLException e) {
                LOG.debug("{} did not answer: {}", n, e.getMessage());
            }
        }
        String leader = newest.leader();
        if (leader == null) {
            throw new SQLException("no configured node answered with a cluster record; is the cluster up?", "08001");
        }
        Map<String, Member> members;
        try (Connection l = nodes.replicator(leader)) {
            members = members(l);
        }
        if (members.containsKey(name) || config.nodes().containsKey(name)) {
            throw new IllegalArgumentException("node '" + name + "' is already a member; the members are " + members.keySet());
        }
        members.values().forEach(m -> nodes.register(m.name(), m.address()));
        nodes.register(name, address);
        FollowerProvisioning p = new FollowerProvisioning(config, nodes);
        if (!config.embedded()) {
            return p.provision(leader, name, progress);
        }
        config.requireEmbeddedDirOutsideTmp("an embedded follower added from the command line must live elsewhere"
                + " (or add it through the running cluster's API)");
        Path dir = embeddedDir(config, name);
        EmbeddedNode node = new EmbeddedNode(name, address.port(), dir, List.of(),
                EmbeddedNode.localRootInitSql());
        node.start();
        try {
            new Bootstrap(config, nodes).createReplicationUser(name);
            return p.provision(leader, name, progress);
        } finally {
            node.close();
        }
    }

    /** Where an embedded node keeps its files. */
    static Path embeddedDir(ClusterConfig config, String name) {
        return config.embeddedDir().resolve(name);
    }

    /** The members listed on a node. */
    public Map<String, Member> members(String node) throws SQLException {
        try (Connection c = nodes.replicator(node)) {
            return members(c);
        }
    }

    /** The members listed on the node behind {@code c}. */
    public static Map<String, Member> members(Connection c) throws SQLException {
        Map<String, Member> out = new LinkedHashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT name, host, port, state FROM flotilla.nodes ORDER BY name")) {
            while (rs.next()) {
                out.put(rs.getString(1), new Member(rs.getString(1), new HostPort(rs.getString(2), rs.getInt(3)), rs.getString(4)));
            }
        }
        return out;
    }
}
