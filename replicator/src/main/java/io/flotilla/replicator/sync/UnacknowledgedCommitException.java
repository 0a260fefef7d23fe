package io.flotilla.replicator.sync;

import java.sql.SQLException;

/**
 * A commit that is durable on the leader but was not acknowledged by its synchronous followers: the caller must treat
 * it as "may or may not survive a failover", never as rolled back.
 */
public final class UnacknowledgedCommitException extends SQLException {

    private final long lsn;

    public UnacknowledgedCommitException(long lsn, String reason) {
        super("the write is committed on the leader (LSN " + lsn + ") but was not acknowledged by its synchronous followers: "
                + reason, "HY000");
        this.lsn = lsn;
    }

    /** The LSN of the committed, unacknowledged entry. */
    public long lsn() {
        return lsn;
    }
}
