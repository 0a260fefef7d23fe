package io.flotilla.replicator.apply;

import io.flotilla.replicator.log.EntryCodec;
import io.flotilla.replicator.log.LogEntry;
import io.flotilla.replicator.log.LoggedStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the leader's log in LSN order without ever skipping a committed entry.
 *
 * <p>An AUTO_INCREMENT LSN can be handed out before an earlier one commits, so a reader may see LSN n+1 while n
 * is missing. Under {@code innodb_autoinc_lock_mode=0} the row for n is already in the index (uncommitted) when
 * n+1 exists, so a locking read of n waits for its transaction and then tells committed from rolled back.
 */
public final class LogReader implements AutoCloseable {

    private final Connection conn;
    private final Connection lockConn;

    /** Takes two leader connections: one reads with autocommit, one makes the locking hole checks. */
    public LogReader(Connection conn, Connection lockConn) throws SQLException {
        this.conn = conn;
        this.lockConn = lockConn;
        conn.setAutoCommit(true);
        conn.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        lockConn.setAutoCommit(false);
        lockConn.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
    }

    /**
     * Returns committed entries after {@code afterLsn} in order, up to {@code max}; LSNs missing between them
     * belong to rolled-back transactions. Returns an empty list when nothing new is committed yet.
     */
    public List<LogEntry> read(long afterLsn, int max) throws SQLException {
        while (true) {
            List<LogEntry> rows = select(afterLsn, max);
            List<LogEntry> out = new ArrayList<>(rows.size());
            long expected = afterLsn + 1;
            boolean retry = false;
            outer:
            for (LogEntry e : rows) {
                while (e.lsn() > expected) {
                    if (committed(expected)) {
                        // The hole's transaction committed while we looked: read again from here to include it.
                        retry = out.isEmpty();
                        break outer;
                    }
                    expected++;
                }
                out.add(e);
                expected = e.lsn() + 1;
            }
            if (!retry) {
                return out;
            }
        }
    }

    private List<LogEntry> select(long afterLsn, int max) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT lsn, epoch, created_us, last_iid, entry FROM flotilla.log WHERE lsn > ? ORDER BY lsn LIMIT ?")) {
            ps.setLong(1, afterLsn);
            ps.setInt(2, max);
            List<LogEntry> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(toEntry(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.wasNull(), rs.getBytes(5)));
                }
            }
            return out;
        }
    }

    /** Builds an entry; a single statement's insert id may live in the last_iid column (autocommit writes). */
    public static LogEntry toEntry(long lsn, long epoch, long created, long lastIid, boolean iidNull, byte[] blob) {
        List<LoggedStatement> st = EntryCodec.decode(blob);
        if (!iidNull && st.size() == 1 && st.get(0).insertId() == 0) {
            LoggedStatement s = st.get(0);
            st = List.of(new LoggedStatement(s.sql(), s.params(), s.schema(), s.timestampMicros(), lastIid,
                    s.randSeed1(), s.randSeed2(), s.session(), s.ddl()));
        }
        return new LogEntry(lsn, epoch, created, st);
    }

    private boolean committed(long lsn) throws SQLException {
        try (PreparedStatement ps = lockConn.prepareStatement("SELECT lsn FROM flotilla.log WHERE lsn = ? LOCK IN SHARE MODE")) {
            ps.setLong(1, lsn);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } finally {
            lockConn.commit();
        }
    }

    /** The highest LSN on the leader and the creation time of the first entry after {@code afterLsn} (0 when none). */
    public static long[] headAndNextCreated(Connection leader, long afterLsn) throws SQLException {
        try (PreparedStatement ps = leader.prepareStatement(
                "SELECT (SELECT COALESCE(MAX(lsn), 0) FROM flotilla.log),"
                        + " (SELECT created_us FROM flotilla.log WHERE lsn > ? ORDER BY lsn LIMIT 1),"
                        + " (SELECT COUNT(*) FROM flotilla.log WHERE lsn > ?)")) {
            ps.setLong(1, afterLsn);
            ps.setLong(2, afterLsn);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
            }
        }
    }

    @Override
    public void close() throws SQLException {
        try {
            conn.close();
        } finally {
            lockConn.close();
        }
    }
}
