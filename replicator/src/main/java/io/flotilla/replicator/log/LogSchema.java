package io.flotilla.replicator.log;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** The {@code flotilla} schema that every node holds: the log, the applied position, cluster metadata and the DDL gate. */
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
            "CREATE TABLE IF NOT EXISTS flotilla.cluster ("
                    + " id TINYINT UNSIGNED NOT NULL PRIMARY KEY,"
                    + " epoch INT UNSIGNED NOT NULL,"
                    + " leader VARCHAR(64) NOT NULL,"
                    + " updated_us BIGINT NOT NULL) ENGINE=InnoDB",
            // Writers hold a shared lock on this row for the whole write transaction; DDL takes it exclusively
            // from before the DDL runs until its log entry commits, so no write can slip between the two.
            "CREATE TABLE IF NOT EXISTS flotilla.ddl_gate (id TINYINT UNSIGNED NOT NULL PRIMARY KEY) ENGINE=InnoDB",
            "INSERT IGNORE INTO flotilla.ddl_gate VALUES (1)",
            "DROP FUNCTION IF EXISTS flotilla.append",
            // A stored function restores LAST_INSERT_ID() when it returns, so the log insert does not clobber the
            // application's value; INVOKER security keeps read_only in force for application users on followers.
            "CREATE FUNCTION flotilla.append(p_epoch INT UNSIGNED, p_created BIGINT, p_iid BIGINT UNSIGNED, p_entry LONGBLOB)"
                    + " RETURNS BIGINT UNSIGNED MODIFIES SQL DATA SQL SECURITY INVOKER"
                    + " BEGIN"
                    + "  INSERT INTO flotilla.log (epoch, created_us, last_iid, entry) VALUES (p_epoch, p_created, p_iid, p_entry);"
                    + "  RETURN LAST_INSERT_ID();"
                    + " END");

    /** The statement writers prepend to take the shared DDL-gate lock. */
    public static final String GATE_SHARED = "SELECT id FROM flotilla.ddl_gate WHERE id=1 LOCK IN SHARE MODE";
    /** The statement DDL uses to take the gate exclusively. */
    public static final String GATE_EXCLUSIVE = "SELECT id FROM flotilla.ddl_gate WHERE id=1 FOR UPDATE";

    private LogSchema() {
    }

    /** Creates the schema objects (idempotent). */
    public static void create(Connection admin) throws SQLException {
        try (Statement st = admin.createStatement()) {
            for (String sql : DDL) {
                st.execute(sql);
            }
        }
    }

    /** Grants the application user what a writer needs: its database, the log (insert, read) and the gate. */
    public static void grantApplication(Connection admin, String user, String password, String database) throws SQLException {
        try (Statement st = admin.createStatement()) {
            String u = "'" + user.replace("'", "''") + "'@'%'";
            st.execute("CREATE USER IF NOT EXISTS " + u + " IDENTIFIED BY '" + password.replace("'", "''") + "'");
            st.execute("CREATE DATABASE IF NOT EXISTS `" + database + "`");
            st.execute("GRANT ALL PRIVILEGES ON `" + database + "`.* TO " + u);
            st.execute("GRANT SELECT, INSERT ON flotilla.log TO " + u);
            st.execute("GRANT SELECT ON flotilla.state TO " + u);
            st.execute("GRANT SELECT ON flotilla.cluster TO " + u);
            st.execute("GRANT SELECT, UPDATE ON flotilla.ddl_gate TO " + u);
            st.execute("GRANT EXECUTE ON FUNCTION flotilla.append TO " + u);
        }
    }
}
