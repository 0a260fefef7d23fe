package io.flotilla.replicator.log;

import java.sql.SQLException;

/** Decides when a commit that the leader has made durable may be acknowledged to the client (replication modes). */
@FunctionalInterface
public interface AckWaiter {

    /** Async: acknowledged as soon as the leader commit returns. */
    AckWaiter NONE = lsn -> { };

    /**
     * Returns once the entry at {@code lsn} (already committed on the leader) may be acknowledged.
     *
     * @throws SQLException when it cannot be: the entry stays committed on the leader but was not acknowledged
     */
    void awaitAck(long lsn) throws SQLException;
}
