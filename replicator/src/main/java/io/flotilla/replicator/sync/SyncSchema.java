package io.flotilla.replicator.sync;

import io.flotilla.replicator.config.ReplicationMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The {@code flotilla.replication} table: the mode and its settings on every node (so that drivers learn them at
 * discovery) and, authoritative on the leader, the synchronous set and the fallback state that writers change with
 * conditional updates.
 */
public final class SyncSchema {

    private static final String DDL = "CREATE TABLE IF NOT EXISTS flotilla.replication ("
            + " id TINYINT UNSIGNED NOT NULL PRIMARY KEY,"
            + " mode VARCHAR(16) NOT NULL,"
            + " sync_followers INT UNSIGNED NOT NULL,"
            + " sync_timeout_ms BIGINT NOT NULL,"
            + " on_sync_timeout VARCHAR(8) NOT NULL,"
            + " promote_after_ms BIGINT NOT NULL,"
            // Comma-separated node names: small, read whole, changed whole.
            + " sync_set VARCHAR(2048) NOT NULL,"
            + " degraded_since_us BIGINT NOT NULL DEFAULT 0,"
            + " fallbacks BIGINT NOT NULL DEFAULT 0,"
            + " version BIGINT NOT NULL DEFAULT 0,"
            + " updated_us BIGINT NOT NULL) ENGINE=InnoDB";

    private SyncSchema() {
    }

    /** Creates the table (idempotent). */
    public static void create(Connection admin) throws SQLException {
        try (Statement st = admin.createStatement()) {
            st.execute(DDL);
        }
    }

    /** Writers of any process read the record and change the synchronous set or fallback state on the leader. */
    public static void grant(Connection admin, String user) throws SQLException {
        try (Statement st = admin.createStatement()) {
            st.execute("GRANT SELECT, UPDATE ON flotilla.replication TO '" + user.replace("'", "''") + "'@'%'");
        }
    }

    /**
     * Writes the configured settings and the initial synchronous set at start-up; a restart with other settings
     * replaces them and clears a fallback (commits find out again), keeping the fallback count.
     */
    public static void write(Connection c, SyncSettings s, List<String> syncSet) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO flotilla.replication"
                + " (id, mode, sync_followers, sync_timeout_ms, on_sync_timeout, promote_after_ms, sync_set, updated_us)"
                + " VALUES (1, ?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE mode = VALUES(mode),"
                + " sync_followers = VALUES(sync_followers), sync_timeout_ms = VALUES(sync_timeout_ms),"
                + " on_sync_timeout = VALUES(on_sync_timeout), promote_after_ms = VALUES(promote_after_ms),"
                + " sync_set = VALUES(sync_set), degraded_since_us = 0, version = version + 1, updated_us = VALUES(updated_us)")) {
            ps.setString(1, s.mode().toString());
            ps.setInt(2, s.syncFollowers());
            ps.setLong(3, s.timeoutMs());
            ps.setString(4, s.onTimeout().toString());
            ps.setLong(5, s.promoteAfterMs());
            ps.setString(6, String.join(",", syncSet));
            ps.setLong(7, System.currentTimeMillis() * 1000);
            ps.executeUpdate();
        }
    }

    /** The record on a node; empty when the node predates replication modes (it is then async). */
    public static Optional<SyncState> read(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT mode, sync_followers, sync_timeout_ms,"
                + " on_sync_timeout, promote_after_ms, sync_set, degraded_since_us, fallbacks, version FROM flotilla.replication WHERE id = 1")) {
            if (!rs.next()) {
                return Optional.empty();
            }
            ReplicationMode mode = ReplicationMode.parse(rs.getString(1));
            SyncSettings s = mode == ReplicationMode.ASYNC ? SyncSettings.ASYNC
                    : new SyncSettings(mode, rs.getInt(2), rs.getLong(3), SyncSettings.OnTimeout.parse(rs.getString(4)), rs.getLong(5));
            String set = rs.getString(6);
            List<String> members = set.isEmpty() ? List.of() : Arrays.asList(set.split(","));
            return Optional.of(new SyncState(s, members, rs.getLong(7), rs.getLong(8), rs.getLong(9)));
        } catch (SQLException e) {
            if (e.getErrorCode() == 1146) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Changes the leader's record only if nobody changed it since {@code expected} was read, so that writers in
     * several processes agree on one synchronous set and one fallback.
     *
     * @return whether this update won
     */
    public static boolean compareAndSet(Connection leader, SyncState expected, List<String> syncSet, long degradedSinceUs, boolean countFallback)
            throws SQLException {
        try (PreparedStatement ps = leader.prepareStatement("UPDATE flotilla.replication SET sync_set = ?, degraded_since_us = ?,"
                + " fallbacks = fallbacks + ?, version = version + 1, updated_us = ? WHERE id = 1 AND version = ?")) {
            ps.setString(1, String.join(",", syncSet));
            ps.setLong(2, degradedSinceUs);
            ps.setInt(3, countFallback ? 1 : 0);
            ps.setLong(4, System.currentTimeMillis() * 1000);
            ps.setLong(5, expected.version());
            boolean won = ps.executeUpdate() == 1;
            if (!leader.getAutoCommit()) {
                leader.commit();
            }
            return won;
        }
    }
}
