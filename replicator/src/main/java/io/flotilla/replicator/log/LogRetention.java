package io.flotilla.replicator.log;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.OptionalLong;

/**
 * Decides how far a log may be purged and purges it: never past an entry that a known follower or a provisioning
 * hold still needs, and never an entry younger than the retention period.
 */
public final class LogRetention {

    /** Rows deleted per statement, so that a purge never holds many row locks at once. */
    private static final int CHUNK = 5_000;

    private LogRetention() {
    }

    /** Records (or moves) a hold on the leader: entries above {@code lsn} are kept until the hold is released. */
    public static void hold(Connection leader, String name, long lsn) throws SQLException {
        try (PreparedStatement ps = leader.prepareStatement("REPLACE INTO flotilla.holds (name, lsn, created_us) VALUES (?, ?, ?)")) {
            ps.setString(1, name);
            ps.setLong(2, lsn);
            ps.setLong(3, System.currentTimeMillis() * 1000);
            ps.executeUpdate();
        }
        commitIfNeeded(leader);
    }

    /** Releases a hold. */
    public static void release(Connection leader, String name) throws SQLException {
        try (PreparedStatement ps = leader.prepareStatement("DELETE FROM flotilla.holds WHERE name = ?")) {
            ps.setString(1, name);
            ps.executeUpdate();
        }
        commitIfNeeded(leader);
    }

    /** The lowest hold on the leader, if any. */
    public static OptionalLong lowestHold(Connection leader) throws SQLException {
        try (Statement st = leader.createStatement(); ResultSet rs = st.executeQuery("SELECT MIN(lsn) FROM flotilla.holds")) {
            rs.next();
            long v = rs.getLong(1);
            return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(v);
        }
    }

    /**
     * The highest LSN that may be purged: the minimum of every follower's applied LSN and every hold.
     *
     * @param followerPositions the applied LSN of every known follower; an empty value means the follower could not
     *                          be asked, and then nothing may be purged (its need is unknown)
     * @return the purge limit, or empty when nothing may be purged
     */
    public static OptionalLong purgeLimit(Collection<OptionalLong> followerPositions, OptionalLong lowestHold, long leaderHead) {
        // The newest entry always stays: MAX(lsn) is the log's head for readers, snapshots and tokens.
        long limit = leaderHead - 1;
        for (OptionalLong p : followerPositions) {
            if (p.isEmpty()) {
                return OptionalLong.empty();
            }
            limit = Math.min(limit, p.getAsLong());
        }
        if (lowestHold.isPresent()) {
            limit = Math.min(limit, lowestHold.getAsLong());
        }
        return limit > 0 ? OptionalLong.of(limit) : OptionalLong.empty();
    }

    /**
     * Deletes entries at or below {@code limit} that are older than {@code olderThanMicros} from one node's log;
     * returns how many.
     */
    public static long purge(Connection node, long limit, long olderThanMicros) throws SQLException {
        boolean auto = node.getAutoCommit();
        node.setAutoCommit(true);
        // Read committed: no gap locks, so a purge never blocks the inserts of new entries at the log's end.
        node.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        long total = 0;
        try (PreparedStatement ps = node.prepareStatement(
                "DELETE FROM flotilla.log WHERE lsn <= ? AND created_us < ? ORDER BY lsn LIMIT " + CHUNK)) {
            ps.setLong(1, limit);
            ps.setLong(2, olderThanMicros);
            int n;
            do {
                n = ps.executeUpdate();
                total += n;
            } while (n == CHUNK);
        } finally {
            node.setAutoCommit(auto);
        }
        return total;
    }

    /**
     * Takes the leader's purge lock (a named server lock): a purge computes its limit and deletes under it, and a
     * provisioner records its hold under it, so a purge that started before the hold existed cannot delete what the
     * hold protects after it is recorded.
     */
    public static void lockPurge(Connection leader) throws SQLException {
        try (Statement st = leader.createStatement(); ResultSet rs = st.executeQuery("SELECT GET_LOCK('flotilla.purge', 60)")) {
            if (!rs.next() || rs.getInt(1) != 1) {
                throw new SQLException("could not take the log purge lock on the leader within 60 s", "HY000");
            }
        }
    }

    /** Releases the purge lock taken by {@link #lockPurge}. */
    public static void unlockPurge(Connection leader) throws SQLException {
        try (Statement st = leader.createStatement()) {
            st.execute("DO RELEASE_LOCK('flotilla.purge')");
        }
    }

    private static void commitIfNeeded(Connection c) throws SQLException {
        if (!c.getAutoCommit()) {
            c.commit();
        }
    }
}
