package io.flotilla.replicator.failover;

import io.flotilla.replicator.cluster.Nodes;
import io.flotilla.replicator.config.ClusterConfig;
import io.flotilla.replicator.log.LogSchema;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A planned change of leader without data loss: the leader is set read-only (new writes get error 1290 and the driver
 * waits for the new leader), write transactions in flight drain, the target applies up to the leader's head, then it
 * is promoted with a new epoch and the old leader, holding nothing extra, rejoins as its follower.
 */
public final class Switchover {

    private static final Logger LOG = LoggerFactory.getLogger(Switchover.class);

    private final ClusterConfig config;
    private final Nodes nodes;
    private final long timeoutMs;

    /** @param timeoutMs how long to wait for in-flight transactions and for the target to catch up before giving up */
    public Switchover(ClusterConfig config, Nodes nodes, long timeoutMs) {
        this.config = config;
        this.nodes = nodes;
        this.timeoutMs = timeoutMs;
    }

    /**
     * Hands the leadership from {@code leader} to {@code target}; on timeout the leader is made writable again and
     * nothing changes.
     */
    public PromotionResult run(String leader, String target, Set<String> excluded) throws SQLException, InterruptedException {
        if (!nodes.names().contains(target)) {
            throw new SQLException("unknown node '" + target + "'; the nodes are " + nodes.names(), "HY000");
        }
        if (target.equals(leader)) {
            throw new SQLException(target + " is already the leader", "HY000");
        }
        if (excluded.contains(target)) {
            throw new SQLException(target + " is excluded (it must be rebuilt first)", "HY000");
        }
        long deadline = System.currentTimeMillis() + timeoutMs;
        try (Connection l = nodes.replicator(leader)) {
            Metadata.setReadOnly(l, true);
            try {
                long head = drain(l, deadline);
                awaitApplied(target, head, deadline);
                if (LogSchema.head(l) != head) {
                    throw new SQLException("the leader's log moved while it was read-only; switchover aborted", "HY000");
                }
                LOG.info("switchover: {} drained at LSN {}, {} caught up; promoting", leader, head, target);
            } catch (SQLException | InterruptedException | RuntimeException e) {
                Metadata.setReadOnly(l, false);
                throw e;
            }
        }
        return new Promotion(config, nodes).promote(leader, Optional.of(target), excluded);
    }

    /**
     * The leader transactions the drain waits for: those holding uncommitted changes, whatever their state. The leader
     * is read-only by then, and SET GLOBAL read_only returned only after every running write statement ended (it waits
     * for them, as FLUSH TABLES WITH READ LOCK does). From then on a new write statement fails with 1290, and so does
     * the COMMIT of a transaction with changes by a user without READ_ONLY ADMIN, so only a transaction that already
     * holds changes can still end in a commit (when its user bypasses read_only); the others it lets end. A transaction
     * that has modified nothing is not waited for even in LOCK WAIT: it is a locking read (a LogReader's hole probe, a
     * client's SELECT … FOR UPDATE behind an open write) that cannot write any more, and it could wait for
     * innodb_lock_wait_timeout behind a transaction that ends only when its client next speaks (SwitchoverDrainTest;
     * the read_only behaviour was checked on MariaDB 10.11). The log head is compared again after the catch-up.
     */
    private static final String UNCOMMITTED_CHANGES = "trx_rows_modified > 0";

    /**
     * information_schema.innodb_trx is a copy that InnoDB refreshes only when nobody has read it for 100 ms: polled
     * faster, it shows the same snapshot for ever, and a transaction that ended would hold the drain to its timeout.
     */
    private static final long INNODB_TRX_REFRESH_MS = 150;

    /** Waits until no transaction on the leader holds uncommitted changes; returns the leader's head then. */
    private long drain(Connection l, long deadline) throws SQLException, InterruptedException {
        while (true) {
            // Also before the first look: a snapshot taken before read_only was set could miss a transaction.
            Thread.sleep(INNODB_TRX_REFRESH_MS);
            try (Statement st = l.createStatement();
                 ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM information_schema.innodb_trx WHERE " + UNCOMMITTED_CHANGES)) {
                rs.next();
                if (rs.getLong(1) == 0) {
                    return LogSchema.head(l);
                }
            }
            if (System.currentTimeMillis() > deadline) {
                throw new SQLException("write transactions still open on the leader after " + timeoutMs + " ms; switchover aborted"
                        + " (open: " + openTransactions(l) + ")", "HY000");
            }
        }
    }

    /** The leader's open transactions that hold up the drain, for the error message (best effort). */
    private static String openTransactions(Connection l) {
        try (Statement st = l.createStatement(); ResultSet rs = st.executeQuery("SELECT t.trx_mysql_thread_id, t.trx_state,"
                + " t.trx_rows_modified, t.trx_started, p.USER, p.COMMAND, LEFT(COALESCE(t.trx_query, p.INFO, ''), 120)"
                + " FROM information_schema.innodb_trx t LEFT JOIN information_schema.PROCESSLIST p ON p.ID = t.trx_mysql_thread_id"
                + " WHERE t." + UNCOMMITTED_CHANGES)) {
            StringBuilder b = new StringBuilder();
            while (rs.next()) {
                b.append(b.length() == 0 ? "" : "; ").append("thread ").append(rs.getLong(1)).append(' ').append(rs.getString(2))
                        .append(" rows ").append(rs.getLong(3)).append(" since ").append(rs.getString(4)).append(" user ")
                        .append(rs.getString(5)).append(' ').append(rs.getString(6)).append(" '").append(rs.getString(7)).append('\'');
            }
            return b.length() == 0 ? "none now" : b.toString();
        } catch (SQLException e) {
            return "not readable: " + e.getMessage();
        }
    }

    private void awaitApplied(String target, long head, long deadline) throws SQLException, InterruptedException {
        try (Connection t = nodes.replicator(target)) {
            while (LogSchema.appliedLsn(t) < head) {
                if (System.currentTimeMillis() > deadline) {
                    throw new SQLException(target + " did not reach LSN " + head + " within " + timeoutMs + " ms; switchover aborted", "HY000");
                }
                Thread.sleep(2);
            }
        }
    }
}
