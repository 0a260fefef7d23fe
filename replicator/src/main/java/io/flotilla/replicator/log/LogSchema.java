package io.flotilla.replicator.log;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** The {@code flotilla} schema that every node holds: the log, the applied position and cluster metadata. */
public final class LogSchema {

    /** The schema name; the application database must not use it. */
    public static final String SCHEMA = "flotilla";

    private static final List<String> DDL = List.of(
            "CREATE DATABASE IF NOT EXISTS flotilla",
            // lsn is AUTO_INCREMENT under innodb_autoinc_lock_mode=0, so each LSN is in the index before the
            // next is handed out; last_iid is LAST_INSERT_ID() after the statement of a single-statement entry.
            "CREATE TABLE IF NOT EXISTS flotilla.log ("
                    + " lsn BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,"
                    + " epoch INT UNSIGNED NOT NULL,"
                    + " created_us BIGINT NOT NULL,"
                    + " last_iid BIGINT UNSIGNED NULL,"
                    + " entry LONGBLOB NOT NULL) ENGINE=InnoDB",
            "CREATE TABLE IF NOT EXISTS flotilla.state ("
                    + " id TINYINT UNSIGNED NOT NULL PRIMARY KEY,"
                    + " applied_lsn BIGINT UNSIGNED NOT NULL,"
                    + " applied_epoch INT UNSIGNED NOT NULL,"
                    + " applied_created_us BIGINT NOT NULL,"
                    + " applied_at_us BIGINT NOT NULL,"
                    + " ddl_pending_lsn BIGINT UNSIGNED NULL) ENGINE=InnoDB",
            "INSERT IGNORE INTO flotilla.state VALUES (1, 0, 0, 0, 0, NULL)",
            // Every member, so that a client given any one host discovers the others (and, with
            // flotilla.cluster, the leader) from the cluster itself.
            "CREATE TABLE IF NOT EXISTS flotilla.nodes ("
                    + " name VARCHAR(64) NOT NULL PRIMARY KEY,"
                    + " host VARCHAR(255) NOT NULL,"
                    + " port INT UNSIGNED NOT NULL) ENGINE=InnoDB",
            // provisioning = copied from a snapshot and catching up: listed, but drivers do not route to it yet.
            "ALTER TABLE flotilla.nodes ADD COLUMN IF NOT EXISTS state VARCHAR(16) NOT NULL DEFAULT 'active'",
            // Log positions a node being provisioned still needs (entries above lsn); purge respects them.
            "CREATE TABLE IF NOT EXISTS flotilla.holds ("
                    + " name VARCHAR(64) NOT NULL PRIMARY KEY,"
                    + " lsn BIGINT UNSIGNED NOT NULL,"
                    + " created_us BIGINT NOT NULL) ENGINE=InnoDB",
            "CREATE TABLE IF NOT EXISTS flotilla.cluster ("
                    + " id TINYINT UNSIGNED NOT NULL PRIMARY KEY,"
                    + " epoch INT UNSIGNED NOT NULL,"
                    + " leader VARCHAR(64) NOT NULL,"
                    + " updated_us BIGINT NOT NULL,"
                    // Which cluster this is: a client that cached an address can tell a rebuilt cluster there.
                    + " cluster_id CHAR(36) NOT NULL) ENGINE=InnoDB",
            "DROP FUNCTION IF EXISTS flotilla.append",
            // For tools and tests: appends an entry and returns its LSN. INVOKER security keeps read_only in force
            // for application users on followers. Writers insert directly (measured cheaper) and restore
            // LAST_INSERT_ID() themselves.
            "CREATE FUNCTION flotilla.append(p_epoch INT UNSIGNED, p_created BIGINT, p_iid BIGINT UNSIGNED, p_entry LONGBLOB)"
                    + " RETURNS BIGINT UNSIGNED MODIFIES SQL DATA SQL SECURITY INVOKER"
                    + " BEGIN"
                    + "  INSERT INTO flotilla.log (epoch, created_us, last_iid, entry) VALUES (p_epoch, p_created, p_iid, p_entry);"
                    + "  RETURN LAST_INSERT_ID();"
                    + " END");

    private LogSchema() {
    }

    /** The newest LSN in a node's log (0 when empty). */
    public static long head(Connection c) throws SQLException {
        return singleLong(c, "SELECT COALESCE(MAX(lsn), 0) FROM flotilla.log");
    }

    /** A node's applied position as stored with its data. */
    public static long appliedLsn(Connection c) throws SQLException {
        return singleLong(c, "SELECT applied_lsn FROM flotilla.state WHERE id = 1");
    }

    private static long singleLong(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery(sql)) {
            if (!rs.next()) {
                throw new SQLException("no row from: " + sql + " (was the node bootstrapped?)", "HY000");
            }
            return rs.getLong(1);
        }
    }

    /** Creates the schema objects (idempotent). */
    public static void create(Connection admin) throws SQLException {
        try (Statement st = admin.createStatement()) {
            for (String sql : DDL) {
                st.execute(sql);
            }
        }
    }

    /** Grants the application user what a writer needs: its database (incl. LOCK TABLES) and the log (insert, read). */
    public static void grantApplication(Connection admin, String user, String password, String database) throws SQLException {
        try (Statement st = admin.createStatement()) {
            String u = "'" + user.replace("'", "''") + "'@'%'";
            st.execute("CREATE USER IF NOT EXISTS " + u + " IDENTIFIED BY '" + password.replace("'", "''") + "'");
            st.execute("CREATE DATABASE IF NOT EXISTS `" + database + "`");
            st.execute("GRANT ALL PRIVILEGES ON `" + database + "`.* TO " + u);
            st.execute("GRANT SELECT, INSERT ON flotilla.log TO " + u);
            st.execute("GRANT SELECT ON flotilla.state TO " + u);
            st.execute("GRANT SELECT ON flotilla.cluster TO " + u);
            st.execute("GRANT SELECT ON flotilla.nodes TO " + u);
            st.execute("GRANT EXECUTE ON FUNCTION flotilla.append TO " + u);
        }
    }
}
