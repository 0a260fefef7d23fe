package io.flotilla.routing.route;

/**
 * Where one session is in the leader's log: its last write, the newest position it has read, and the leader
 * epoch those positions belong to.
 *
 * <p>Not thread-safe by design: a session (one connection, or one logical client carrying a token) issues its
 * statements one at a time, so the owner confines an instance to that session instead of paying for locks.
 *
 * <p>All updates are monotone. Within an epoch every position only moves forward. A higher epoch replaces the
 * positions outright, because after a failover LSNs of the old leader say nothing about the new leader's log.
 * Updates from an older epoch are ignored.
 */
public final class SessionPosition {

    private long epoch;
    private long lastWrite;
    private long lastSeen;

    /** A fresh session: epoch 0, nothing written, nothing read. */
    public SessionPosition() {
    }

    /** A session resumed from a token (for example one carried in a cookie). */
    public static SessionPosition of(ConsistencyToken token) {
        SessionPosition p = new SessionPosition();
        p.merge(token);
        return p;
    }

    /** LSN of the session's last write in {@link #epoch()}, 0 if none. */
    public long lastWrite() {
        return lastWrite;
    }

    /** Newest applied position of any node that served this session a read, 0 if none. */
    public long lastSeen() {
        return lastSeen;
    }

    /** The leader epoch that the positions belong to. */
    public long epoch() {
        return epoch;
    }

    /** Records a write the leader of {@code epoch} acknowledged at {@code lsn}. */
    public void recordWrite(long epoch, long lsn) {
        requireNonNegative(epoch, lsn);
        apply(epoch, lsn, 0);
    }

    /** Records a read served by a node whose applied position was {@code lsn}; counted in the current epoch. */
    public void recordRead(long lsn) {
        requireNonNegative(0, lsn);
        lastSeen = Math.max(lastSeen, lsn);
    }

    /** Folds in a position from elsewhere (another connection of the same client). */
    public void merge(ConsistencyToken token) {
        apply(token.epoch(), token.writeLsn(), token.seenLsn());
    }

    /** This position as a portable token. */
    public ConsistencyToken toToken() {
        return new ConsistencyToken(epoch, lastWrite, lastSeen);
    }

    private void apply(long otherEpoch, long write, long seen) {
        if (otherEpoch > epoch) {
            epoch = otherEpoch;
            lastWrite = write;
            lastSeen = seen;
        } else if (otherEpoch == epoch) {
            lastWrite = Math.max(lastWrite, write);
            lastSeen = Math.max(lastSeen, seen);
        }
    }

    private static void requireNonNegative(long epoch, long lsn) {
        if (epoch < 0 || lsn < 0) {
            throw new IllegalArgumentException("epoch and LSN must not be negative: epoch=" + epoch + " lsn=" + lsn);
        }
    }

    @Override
    public String toString() {
        return "SessionPosition[epoch=" + epoch + ", lastWrite=" + lastWrite + ", lastSeen=" + lastSeen + "]";
    }
}
