package io.flotilla.replicator.failover;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the writes a node holds that the cluster lost, and keeps them in {@code flotilla.lost_writes} so that the
 * record survives the rebuild that wipes the node's log copy.
 */
public final class LostWrites {

    private LostWrites() {
    }

    /**
     * The writes the node behind {@code c} holds past the start of an epoch it missed, checked against the leader's
     * epoch {@code history}; empty when it holds none (it may follow as it is).
     */
    public static Optional<DivergenceReport> find(Connection c, String node, List<EpochRecord> history) throws SQLException {
        // Past the start of an epoch it followed, a node holds only entries of that epoch or later: the first epoch with
        // older entries past its start is the one it missed while holding writes of its own.
        for (EpochRecord r : history) {
            List<LostEntry> lost = Metadata.entriesBefore(c, r.startLsn(), r.epoch());
            if (!lost.isEmpty()) {
                return Optional.of(new DivergenceReport(node, r.epoch(), r.startLsn(), lost));
            }
        }
        return Optional.empty();
    }

    /** Stores every lost entry of the report (idempotent: an entry archived before is kept as it was). */
    public static void archive(Connection c, DivergenceReport report) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT IGNORE INTO flotilla.lost_writes"
                + " (node, epoch, lsn, entry_epoch, created_us, statements, start_lsn, archived_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            long now = System.currentTimeMillis() * 1000;
            for (LostEntry e : report.lost()) {
                ps.setString(1, report.node());
                ps.setLong(2, report.epoch());
                ps.setLong(3, e.lsn());
                ps.setLong(4, e.epoch());
                ps.setLong(5, e.createdMicros());
                // One statement per line: statements themselves are single-line SQL as the application sent it.
                ps.setString(6, String.join("\n", e.statements()));
                ps.setLong(7, report.startLsn());
                ps.setLong(8, now);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        if (!c.getAutoCommit()) {
            c.commit();
        }
    }

    /** The archived reports on that node, one per (node, epoch), oldest epoch first. */
    public static List<DivergenceReport> archived(Connection c) throws SQLException {
        Map<String, List<LostEntry>> entries = new LinkedHashMap<>();
        Map<String, long[]> heads = new LinkedHashMap<>();
        Map<String, String> names = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT node, epoch, start_lsn, lsn, entry_epoch, created_us, statements"
                + " FROM flotilla.lost_writes ORDER BY epoch, node, lsn"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String key = rs.getString(1) + "@" + rs.getLong(2);
                names.put(key, rs.getString(1));
                heads.put(key, new long[] {rs.getLong(2), rs.getLong(3)});
                entries.computeIfAbsent(key, k -> new ArrayList<>())
                        .add(new LostEntry(rs.getLong(4), rs.getLong(5), rs.getLong(6), List.of(rs.getString(7).split("\n"))));
            }
        }
        List<DivergenceReport> out = new ArrayList<>();
        entries.forEach((k, v) -> out.add(new DivergenceReport(names.get(k), heads.get(k)[0], heads.get(k)[1], v)));
        return out;
    }
}
