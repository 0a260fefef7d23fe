package io.flotilla.jdbc;

import io.flotilla.routing.route.ConsistencyLevel;
import io.flotilla.routing.route.ConsistencyToken;
import io.flotilla.routing.route.SessionPosition;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A session's default consistency level and its position, which travels between sessions as a token. */
final class SessionConsistency {
    private static final Logger LOG = LoggerFactory.getLogger(SessionConsistency.class);

    private final ClusterClient client;
    private final SessionPosition position = new SessionPosition();
    private ConsistencyLevel level;

    SessionConsistency(ClusterClient client, ConsistencyLevel level) {
        this.client = client;
        this.level = level;
    }

    SessionPosition position() {
        return position;
    }

    ConsistencyLevel level() {
        return level;
    }

    /** Changes the default level from its text form, as the consistency property spells it. */
    void level(String text) throws SQLException {
        try {
            level = ConsistencyLevel.parse(text, FlotillaProperty.CONSISTENCY.key());
        } catch (RuntimeException e) {
            throw new SQLException(e.getMessage(), "22023", e);
        }
    }

    /** The position as an opaque token. */
    String token() {
        return position.toToken().encode();
    }

    /**
     * Merges a token's position into this one; a token this cluster cannot satisfy is ignored with a warning, since
     * waiting for it would never end.
     */
    void require(String token) throws SQLException {
        ConsistencyToken t;
        try {
            t = ConsistencyToken.decode(token);
        } catch (IllegalArgumentException e) {
            throw new SQLException("invalid " + FlotillaConnection.TOKEN_KEY + ": " + e.getMessage(), "22023");
        }
        var topology = client.topology(); // one read: epoch and leader of the same topology
        long epoch = topology.epoch();
        if (t.epoch() > epoch || (t.epoch() == epoch && Math.max(t.writeLsn(), t.seenLsn())
                > client.positions().freshHead(topology.leader()))) {
            LOG.warn("ignoring a {} this cluster cannot satisfy (epoch {}, LSN {}; cluster epoch {})",
                    FlotillaConnection.TOKEN_KEY, t.epoch(), Math.max(t.writeLsn(), t.seenLsn()), epoch);
            client.metrics().increment("token-ignored");
            return;
        }
        position.merge(t);
    }

    /** A write committed at {@code lsn} (0 or less: nothing was logged) in the current epoch. */
    void afterWrite(long lsn) {
        if (lsn > 0) {
            position.recordWrite(client.topology().epoch(), lsn);
        }
    }
}
