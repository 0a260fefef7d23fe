package io.flotilla.replicator.provision;

import io.flotilla.replicator.apply.LogReader;
import io.flotilla.replicator.cluster.ConnectionFactory;
import io.flotilla.replicator.log.EntryCodec;
import io.flotilla.replicator.log.LogEntry;
import io.flotilla.replicator.log.LoggedStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A consistent snapshot of the leader tied to an exact log position, and the entries below that position whose
 * transactions were still in flight when the snapshot was taken (their data is not in it).
 *
 * <p>LSNs are AUTO_INCREMENT values and transactions may commit out of LSN order, so the snapshot can see P =
 * MAX(lsn) while some lsn &lt; P is not committed yet. Catching up from P alone would lose that entry; replaying
 * everything below P would repeat the visible ones. The snapshot therefore records which LSNs in (floor, P] it sees,
 * and a second connection then reads the same range with {@code LOCK IN SHARE MODE}: that waits for every
 * transaction still holding a row there and returns exactly the committed ones. Committed but not visible = late:
 * they must be applied after the copy. Missing from both = rolled back: a permanent hole.
 */
public final class LeaderSnapshot implements AutoCloseable {

    private final Connection conn;
    private final SnapshotPosition position;

    private LeaderSnapshot(Connection conn, SnapshotPosition position) {
        this.conn = conn;
        this.position = position;
    }

    /**
     * Opens the snapshot transaction and resolves the entries in flight below its position.
     *
     * @param floor an LSN at or below which every entry is known to be resolved (committed and visible, or rolled
     *              back): the applied LSN of an existing follower, whose reader resolved every hole up to it, or 0
     */
    public static LeaderSnapshot open(ConnectionFactory leader, long floor) throws SQLException {
        Connection c = leader.open();
        try {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            long lsn = 0;
            long epoch = 0;
            long created = 0;
            Set<Long> visible = new HashSet<>();
            try (Statement st = c.createStatement()) {
                st.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
                // Read in the same snapshot as the data: P is exactly the newest entry whose data the copy contains.
                try (ResultSet rs = st.executeQuery("SELECT lsn, epoch, created_us FROM flotilla.log ORDER BY lsn DESC LIMIT 1")) {
                    if (rs.next()) {
                        lsn = rs.getLong(1);
                        epoch = rs.getLong(2);
                        created = rs.getLong(3);
                    }
                }
            }
            long from = Math.min(floor, lsn);
            try (PreparedStatement ps = c.prepareStatement("SELECT lsn FROM flotilla.log WHERE lsn > ? AND lsn <= ?")) {
                ps.setLong(1, from);
                ps.setLong(2, lsn);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        visible.add(rs.getLong(1));
                    }
                }
            }
            List<LogEntry> late = lateEntries(leader, from, lsn, visible);
            return new LeaderSnapshot(c, new SnapshotPosition(lsn, epoch, created, from, late));
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** Entries in (from, to] that are committed now but were not visible in the snapshot, in LSN order. */
    private static List<LogEntry> lateEntries(ConnectionFactory leader, long from, long to, Set<Long> visible) throws SQLException {
        List<Long> late = new ArrayList<>();
        try (Connection lock = leader.open()) {
            lock.setAutoCommit(false);
            // Read committed: the locking read waits on rows still being written (under innodb_autoinc_lock_mode=0
            // every LSN up to P is already in the index, committed or not) but takes no gap locks.
            lock.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            try (PreparedStatement ps = lock.prepareStatement(
                    "SELECT lsn FROM flotilla.log WHERE lsn > ? AND lsn <= ? ORDER BY lsn LOCK IN SHARE MODE")) {
                ps.setLong(1, from);
                ps.setLong(2, to);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (!visible.contains(rs.getLong(1))) {
                            late.add(rs.getLong(1));
                        }
                    }
                }
            }
            List<LogEntry> out = new ArrayList<>(late.size());
            try (PreparedStatement ps = lock.prepareStatement(
                    "SELECT lsn, epoch, created_us, last_iid, entry FROM flotilla.log WHERE lsn = ?")) {
                for (long l : late) {
                    ps.setLong(1, l);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            // Only a purge could remove it, and the provisioning hold forbids that.
                            throw new SQLException("log entry " + l + " committed after the snapshot but is gone (purged?)", "HY000");
                        }
                        out.add(LogReader.toEntry(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.wasNull(), rs.getBytes(5)));
                    }
                }
            }
            lock.commit();
            return out;
        }
    }

    /**
     * Whether a DDL entry above {@code floor} is committed now (waiting for reserved ones). MariaDB DDL is not
     * transactional, so a copy that overlapped a DDL may hold the schema from either side of it: such a copy is
     * discarded and taken again. Call after the snapshot is closed, or a DDL waiting on its metadata locks would
     * wait on this read in turn.
     */
    public static boolean ddlSince(ConnectionFactory leader, long floor) throws SQLException {
        try (Connection c = leader.open()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            long after = floor;
            while (true) {
                int n = 0;
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT lsn, entry FROM flotilla.log WHERE lsn > ? ORDER BY lsn LIMIT 1000 LOCK IN SHARE MODE")) {
                    ps.setLong(1, after);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            n++;
                            after = rs.getLong(1);
                            for (LoggedStatement s : EntryCodec.decode(rs.getBytes(2))) {
                                if (s.ddl()) {
                                    c.commit();
                                    return true;
                                }
                            }
                        }
                    }
                }
                c.commit();
                if (n < 1000) {
                    return false;
                }
            }
        }
    }

    /** The connection inside the snapshot transaction; reads on it see exactly the data up to the position. */
    public Connection connection() {
        return conn;
    }

    public SnapshotPosition position() {
        return position;
    }

    /** Ends the snapshot transaction (releasing its metadata locks) and closes the connection. */
    @Override
    public void close() throws SQLException {
        try {
            conn.commit();
        } finally {
            conn.close();
        }
    }
}
