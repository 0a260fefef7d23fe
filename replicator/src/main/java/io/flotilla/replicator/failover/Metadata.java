package io.flotilla.replicator.failover;

import io.flotilla.replicator.log.EntryCodec;
import io.flotilla.replicator.log.LoggedStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads and writes the failover metadata one node holds: cluster record, epoch history, exclusions, read-only. */
public final class Metadata {

    private Metadata() {
    }

    /** A node's view of the cluster: the epoch it knows and that epoch's leader. */
    public record ClusterRecord(long epoch, String leader) {
    }

    /** One row of {@code flotilla.excluded}. */
    public record Exclusion(String node, long epoch, String reason, long lostCount, String lostLsns) {
    }

    public static ClusterRecord cluster(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT epoch, leader FROM flotilla.cluster WHERE id = 1")) {
            return rs.next() ? new ClusterRecord(rs.getLong(1), rs.getString(2)) : new ClusterRecord(0, null);
        }
    }

    /** Records a new epoch and its leader, never moving a node's epoch backwards. */
    public static void writeCluster(Connection c, long epoch, String leader) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE flotilla.cluster SET epoch = ?, leader = ?, updated_us = ? WHERE id = 1 AND epoch < ?")) {
            ps.setLong(1, epoch);
            ps.setString(2, leader);
            ps.setLong(3, System.currentTimeMillis() * 1000);
            ps.setLong(4, epoch);
            ps.executeUpdate();
        }
        commitIfNeeded(c);
    }

    public static List<EpochRecord> epochs(Connection c) throws SQLException {
        List<EpochRecord> out = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT epoch, leader, start_lsn, created_us FROM flotilla.epochs ORDER BY epoch")) {
            while (rs.next()) {
                out.add(new EpochRecord(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4)));
            }
        }
        return out;
    }

    /** Inserts an epoch record (idempotent: an existing record of that epoch is kept). */
    public static void insertEpoch(Connection c, EpochRecord r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT IGNORE INTO flotilla.epochs VALUES (?, ?, ?, ?)")) {
            ps.setLong(1, r.epoch());
            ps.setString(2, r.leader());
            ps.setLong(3, r.startLsn());
            ps.setLong(4, r.createdMicros());
            ps.executeUpdate();
        }
        commitIfNeeded(c);
    }

    /** Makes a node's epoch history that of the leader (a rebuilt node's own history describes data it no longer has). */
    public static void replaceEpochs(Connection c, List<EpochRecord> history) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement(); PreparedStatement ps = c.prepareStatement("INSERT INTO flotilla.epochs VALUES (?, ?, ?, ?)")) {
            st.executeUpdate("DELETE FROM flotilla.epochs");
            for (EpochRecord r : history) {
                ps.setLong(1, r.epoch());
                ps.setString(2, r.leader());
                ps.setLong(3, r.startLsn());
                ps.setLong(4, r.createdMicros());
                ps.executeUpdate();
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    public static Map<String, Exclusion> excluded(Connection c) throws SQLException {
        Map<String, Exclusion> out = new LinkedHashMap<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT name, epoch, reason, lost_count, lost_lsns FROM flotilla.excluded ORDER BY name")) {
            while (rs.next()) {
                out.put(rs.getString(1), new Exclusion(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getLong(4), rs.getString(5)));
            }
        }
        return out;
    }

    public static void exclude(Connection c, Exclusion x) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("REPLACE INTO flotilla.excluded VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, x.node());
            ps.setLong(2, x.epoch());
            ps.setString(3, x.reason().length() > 255 ? x.reason().substring(0, 255) : x.reason());
            ps.setLong(4, x.lostCount());
            ps.setString(5, x.lostLsns());
            ps.setLong(6, System.currentTimeMillis() * 1000);
            ps.executeUpdate();
        }
        commitIfNeeded(c);
    }

    /** Removes an exclusion once the node has been rebuilt. */
    public static void clearExclusion(Connection c, String node) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM flotilla.excluded WHERE name = ?")) {
            ps.setString(1, node);
            ps.executeUpdate();
        }
        commitIfNeeded(c);
    }

    public static boolean readOnly(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT @@global.read_only")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    public static void setReadOnly(Connection c, boolean on) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SET GLOBAL read_only = " + (on ? "ON" : "OFF"));
        }
    }

    /** Sets a node's applied position to the end of its own log (a caught-up node that was leader becomes a follower). */
    public static long alignPositionWithLog(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE flotilla.state s, (SELECT lsn, epoch, created_us FROM flotilla.log ORDER BY lsn DESC LIMIT 1) l"
                    + " SET s.applied_lsn = l.lsn, s.applied_epoch = l.epoch, s.applied_created_us = l.created_us,"
                    + " s.applied_at_us = " + System.currentTimeMillis() * 1000 + " WHERE s.id = 1 AND s.applied_lsn < l.lsn");
        }
        commitIfNeeded(c);
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT applied_lsn FROM flotilla.state WHERE id = 1")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The LSN after which the node's log copy is complete (0: from the start; a snapshot LSN for a provisioned node). */
    public static long logFrom(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT log_from FROM flotilla.state WHERE id = 1")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The entries of a node's log after {@code afterLsn} written in an epoch older than {@code epoch}, decoded. */
    public static List<LostEntry> entriesBefore(Connection c, long afterLsn, long epoch) throws SQLException {
        List<LostEntry> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT lsn, epoch, created_us, entry FROM flotilla.log WHERE lsn > ? AND epoch < ? ORDER BY lsn")) {
            ps.setLong(1, afterLsn);
            ps.setLong(2, epoch);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<String> sql = new ArrayList<>();
                    for (LoggedStatement s : EntryCodec.decode(rs.getBytes(4))) {
                        sql.add(s.params().isEmpty() ? s.sql() : s.sql() + " " + s.params());
                    }
                    out.add(new LostEntry(rs.getLong(1), rs.getLong(2), rs.getLong(3), sql));
                }
            }
        }
        return out;
    }

    private static void commitIfNeeded(Connection c) throws SQLException {
        if (!c.getAutoCommit()) {
            c.commit();
        }
    }
}
