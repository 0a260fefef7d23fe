package io.flotilla.replicator.apply;

import io.flotilla.replicator.log.LogEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** Reads and writes a follower's row in flotilla.state: its applied position and the DDL it may have half-applied. */
final class FollowerState {

    /** Where a follower stands: the last applied LSN and when the leader created that entry. */
    record Position(long appliedLsn, long appliedCreatedMicros) {
    }

    private FollowerState() {
    }

    /** The applied position; commits, so the applier does not keep a snapshot open from its first read. */
    static Position read(Connection f) throws SQLException {
        try (Statement st = f.createStatement();
             ResultSet rs = st.executeQuery("SELECT applied_lsn, applied_created_us FROM flotilla.state WHERE id = 1")) {
            if (!rs.next()) {
                throw new SQLException("flotilla.state has no row; was the node bootstrapped?");
            }
            Position pos = new Position(rs.getLong(1), rs.getLong(2));
            f.commit();
            return pos;
        }
    }

    /** The LSN of a DDL entry that was started but whose position was never saved (0 when none). */
    static long pendingDdl(Connection f) throws SQLException {
        try (Statement st = f.createStatement(); ResultSet rs = st.executeQuery("SELECT COALESCE(ddl_pending_lsn, 0) FROM flotilla.state WHERE id = 1")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Marks a DDL entry as started (not committed here: the caller commits before running the DDL). */
    static void markDdlPending(Connection f, long lsn) throws SQLException {
        try (PreparedStatement ps = f.prepareStatement("UPDATE flotilla.state SET ddl_pending_lsn = ? WHERE id = 1")) {
            ps.setLong(1, lsn);
            ps.executeUpdate();
        }
    }

    /** The position columns every save sets (with {@link #appendSave}'s and {@link #saveAfterDdl}'s parameters). */
    private static final String SAVE_SET =
            "UPDATE flotilla.state SET applied_lsn = ?, applied_epoch = ?, applied_created_us = ?, applied_at_us = ?";

    /** Appends the position update for a batch ending at {@code last} to a multi-statement batch. */
    static void appendSave(StringBuilder sql, List<Object> params, LogEntry last) {
        sql.append(SAVE_SET).append(" WHERE id = 1");
        params.add(last.lsn());
        params.add(last.epoch());
        params.add(last.createdMicros());
        params.add(System.currentTimeMillis() * 1000);
    }

    /** Saves the position of a DDL entry {@code last} now, clearing its pending-DDL mark in the same update. */
    static void saveAfterDdl(Connection f, LogEntry last) throws SQLException {
        try (PreparedStatement ps = f.prepareStatement(SAVE_SET + ", ddl_pending_lsn = NULL WHERE id = 1")) {
            ps.setLong(1, last.lsn());
            ps.setLong(2, last.epoch());
            ps.setLong(3, last.createdMicros());
            ps.setLong(4, System.currentTimeMillis() * 1000);
            ps.executeUpdate();
        }
    }
}
