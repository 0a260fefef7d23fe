package io.flotilla.replicator.log;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The session settings that change what a statement means: sql_mode, time_zone and connection collation. */
public record SessionSettings(String sqlMode, String timeZone, String collation) {

    /** The server's global defaults: statements run under these carry no settings in the log. */
    public static SessionSettings serverDefaults(Connection c) throws SQLException {
        return read(c, "SELECT @@global.sql_mode, @@global.time_zone, @@global.collation_server");
    }

    /** The settings of the connection's own session. */
    public static SessionSettings ofSession(Connection c) throws SQLException {
        return read(c, "SELECT @@session.sql_mode, @@session.time_zone, @@session.collation_connection");
    }

    private static SessionSettings read(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return new SessionSettings(rs.getString(1), rs.getString(2), rs.getString(3));
        }
    }
}
