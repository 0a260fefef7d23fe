package io.flotilla.jdbc;

import io.flotilla.routing.config.HostPort;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** Learns the cluster's members, leader and epoch from whichever of the URL's hosts answer. */
public final class ClusterDiscovery {

    private static final int ACCESS_DENIED = 1045;
    private static final int UNKNOWN_COLUMN = 1054;

    private final String user;
    private final String password;

    public ClusterDiscovery(String user, String password) {
        this.user = user;
        this.password = password;
    }

    /**
     * Asks every seed host (all of them, so that a stale node cannot hide a newer epoch) and returns the view with
     * the highest epoch.
     *
     * @throws SQLException with SQLState 08001 naming every host tried when none answers as a Flotilla node
     */
    public Topology discover(List<HostPort> seeds) throws SQLException {
        Topology best = null;
        List<String> failures = new ArrayList<>();
        boolean allDenied = true;
        for (HostPort seed : seeds) {
            try (Connection c = open(seed)) {
                Topology t = read(c);
                if (best == null || t.epoch() > best.epoch()) {
                    best = t;
                }
            } catch (SQLException e) {
                failures.add(seed + " (" + firstLine(e.getMessage()) + ")");
                allDenied &= e.getErrorCode() == ACCESS_DENIED;
            }
        }
        if (best == null && allDenied) {
            // Keep MySQL's own code so that applications and pools recognise a credentials problem.
            throw new SQLException("access denied on every host: " + String.join(", ", failures), "28000", ACCESS_DENIED);
        }
        if (best == null) {
            throw new SQLException("no Flotilla node answered; tried " + String.join(", ", failures), "08001");
        }
        return best;
    }

    private Connection open(HostPort hp) throws SQLException {
        Properties p = new Properties();
        if (user != null) {
            p.setProperty("user", user);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        p.setProperty("connectTimeout", "2000");
        p.setProperty("useSSL", "false");
        p.setProperty("allowPublicKeyRetrieval", "true");
        return DriverManager.getConnection("jdbc:mysql://" + hp.host() + ":" + hp.port() + "/", p);
    }

    static Topology read(Connection c) throws SQLException {
        Map<String, HostPort> nodes = new LinkedHashMap<>();
        try (Statement st = c.createStatement()) {
            readMembers(st, nodes);
            try (ResultSet rs = st.executeQuery("SELECT leader, epoch, cluster_id FROM flotilla.cluster WHERE id = 1")) {
                if (!rs.next() || nodes.isEmpty()) {
                    throw new SQLException("the node has no Flotilla cluster metadata (was it bootstrapped by flotilla up?)", "08001");
                }
                return new Topology(nodes, rs.getString(1), rs.getLong(2), rs.getString(3));
            }
        } catch (SQLException e) {
            if ("42S02".equals(e.getSQLState()) || e.getErrorCode() == 1146 || e.getErrorCode() == 1142) {
                throw new SQLException("not a Flotilla node (no flotilla schema visible to this user)", "08001", e);
            }
            throw e;
        }
    }

    /**
     * The members that may serve reads: a follower still being provisioned (copied from a snapshot, catching up) is
     * listed as 'provisioning' and left out until the replicator marks it 'active'.
     */
    private static void readMembers(Statement st, Map<String, HostPort> nodes) throws SQLException {
        ResultSet listed;
        try {
            listed = st.executeQuery("SELECT name, host, port FROM flotilla.nodes WHERE state = 'active' ORDER BY name");
        } catch (SQLException e) {
            if (e.getErrorCode() != UNKNOWN_COLUMN) {
                throw e;
            }
            // A node bootstrapped before membership states existed: every listed member is active.
            listed = st.executeQuery("SELECT name, host, port FROM flotilla.nodes ORDER BY name");
        }
        try (ResultSet rs = listed) {
            while (rs.next()) {
                nodes.put(rs.getString(1), new HostPort(rs.getString(2), rs.getInt(3)));
            }
        }
    }

    private static String firstLine(String s) {
        return s == null ? "no message" : s.lines().findFirst().orElse("");
    }
}
