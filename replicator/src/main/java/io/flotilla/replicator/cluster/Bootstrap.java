package io.flotilla.replicator.cluster;

import io.flotilla.replicator.config.ClusterConfig;
import io.flotilla.replicator.log.LogSchema;
import io.flotilla.replicator.sync.SyncSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Prepares every node: the flotilla schema, the users, the cluster record, and read-only on followers. */
final class Bootstrap {

    private final ClusterConfig config;
    private final Nodes nodes;

    Bootstrap(ClusterConfig config, Nodes nodes) {
        this.config = config;
        this.nodes = nodes;
    }

    /** In embedded mode, creates the replicator user through the local root account the init file opened. */
    void createReplicationUser(String node) throws SQLException {
        try (Connection root = Nodes.open(nodes.url(node, false), "root", ""); Statement st = root.createStatement()) {
            String u = "'" + config.replicationUser().replace("'", "''") + "'@'%'";
            st.execute("CREATE USER IF NOT EXISTS " + u + " IDENTIFIED BY '" + config.replicationPassword().replace("'", "''") + "'");
            st.execute("GRANT ALL PRIVILEGES ON *.* TO " + u + " WITH GRANT OPTION");
        }
    }

    /** Creates the schema and users on a node, records the members and the initial epoch (kept if already set). */
    void prepare(String node, String leader, String clusterId) throws SQLException {
        try (Connection c = nodes.replicator(node)) {
            boolean ro = readOnly(c);
            if (ro) {
                setReadOnly(c, false);
            }
            LogSchema.create(c);
            LogSchema.grantApplication(c, config.user(), config.password(), config.database());
            SyncSchema.create(c);
            SyncSchema.grant(c, config.user());
            try (PreparedStatement ps = c.prepareStatement("INSERT IGNORE INTO flotilla.cluster VALUES (1, 1, ?, ?, ?)")) {
                ps.setString(1, leader);
                ps.setLong(2, System.currentTimeMillis() * 1000);
                ps.setString(3, clusterId);
                ps.executeUpdate();
            }
            // A restart keeps a member's state: a node being rebuilt stays 'provisioning' (not routed) until caught up.
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO flotilla.nodes (name, host, port) VALUES (?, ?, ?)"
                    + " ON DUPLICATE KEY UPDATE host = VALUES(host), port = VALUES(port)")) {
                for (var e : config.nodes().entrySet()) {
                    ps.setString(1, e.getKey());
                    ps.setString(2, e.getValue().host());
                    ps.setInt(3, e.getValue().port());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            if (ro) {
                setReadOnly(c, true);
            }
        }
    }

    /** A node's view of the cluster: the newest epoch it knows and that epoch's leader (null before any). */
    record ClusterRecord(long epoch, String leader) {
        /** Whichever of the two has the higher epoch; this one on a tie. */
        ClusterRecord newer(ClusterRecord other) {
            return other.epoch() > epoch ? other : this;
        }
    }

    /** Reads a node's (epoch, leader) record; epoch 0 and no leader when it has none yet. */
    static ClusterRecord clusterRecord(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT epoch, leader FROM flotilla.cluster WHERE id = 1")) {
            return rs.next() ? new ClusterRecord(rs.getLong(1), rs.getString(2)) : new ClusterRecord(0L, null);
        }
    }

    /** Refuses a leader whose AUTO_INCREMENT locking would let the log reader mistake a slow writer for a rollback. */
    static void checkLeaderSettings(Connection c, String node) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT @@innodb_autoinc_lock_mode, " + isolationVariable(c))) {
            rs.next();
            if (rs.getInt(1) != 0) {
                throw new SQLException("leader " + node + " runs with innodb_autoinc_lock_mode=" + rs.getInt(1)
                        + "; Flotilla's log needs 0 (traditional) so that no LSN is visible before an earlier one is in the index."
                        + " Start mariadbd/mysqld with --innodb-autoinc-lock-mode=0", "HY000");
            }
            String iso = rs.getString(2);
            if (iso.contains("READ-COMMITTED") || iso.contains("READ-UNCOMMITTED")) {
                throw new SQLException("leader " + node + " runs with transaction_isolation=" + iso
                        + "; Flotilla needs REPEATABLE-READ or SERIALIZABLE so that conflicting writes lock in log order", "HY000");
            }
        }
    }

    /** MariaDB before 11.1 names it tx_isolation; MySQL 8 only knows transaction_isolation. */
    private static String isolationVariable(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW GLOBAL VARIABLES LIKE 'transaction_isolation'")) {
            return rs.next() ? "@@global.transaction_isolation" : "@@global.tx_isolation";
        }
    }

    static boolean readOnly(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT @@global.read_only")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    static void setReadOnly(Connection c, boolean on) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SET GLOBAL read_only = " + (on ? "ON" : "OFF"));
        }
    }
}
