package io.flotilla.jdbc;

import io.flotilla.routing.route.ConsistencyLevel;
import io.flotilla.routing.route.NodeView;
import io.flotilla.routing.route.Route;
import io.flotilla.routing.route.RouteContext;
import io.flotilla.routing.route.SessionPosition;
import io.flotilla.routing.sql.StatementInfo;
import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session's routing decisions: the router over the current follower views, waiting up to consistency.wait-ms for
 * a follower that is fresh enough, session affinity, and a decision handed from a direct read to the JDBC execution.
 */
final class SessionRouting {
    private static final Logger LOG = LoggerFactory.getLogger(SessionRouting.class);

    private final ClusterClient client;
    private final DriverSettings settings;
    private String lastFollower;
    /** A route decided for a statement that then runs through JDBC: used once, not decided again. */
    private StatementInfo decidedFor;
    private Route decided;

    SessionRouting(ClusterClient client, DriverSettings settings) {
        this.client = client;
        this.settings = settings;
    }

    /** What the session tells the router besides the node views. */
    record Session(boolean readWriteTx, boolean readOnlyTx, String pinned, ConsistencyLevel level, SessionPosition position) {
        RouteContext with(List<NodeView> views) {
            return new RouteContext(readWriteTx, readOnlyTx, pinned, level, position, views);
        }
    }

    /** Decides (and counts) where {@code info} goes. */
    Route route(StatementInfo info, Session session) throws SQLException {
        if (decidedFor != null) {
            StatementInfo d = decidedFor;
            decidedFor = null;
            if (d == info || d.sql().equals(info.sql())) {
                return decided; // counted in the metrics when it was decided
            }
        }
        Route r = decide(info, session);
        client.metrics().record(r);
        return r;
    }

    /** The next routing of {@code info} takes {@code r} instead of deciding again. */
    void reuse(StatementInfo info, Route r) {
        decidedFor = info;
        decided = r;
    }

    /** A follower failed under this session: affinity no longer holds it. */
    void forget(String node) {
        if (node.equals(lastFollower)) {
            lastFollower = null;
        }
    }

    private Route decide(StatementInfo info, Session session) throws SQLException {
        List<NodeView> views = client.views(false);
        Route r = client.router().route(info, session.with(views));
        if (!r.mustWait()) {
            return withAffinity(r, views, session);
        }
        client.metrics().increment("waits");
        long deadline = System.nanoTime() + settings.waitMs() * 1_000_000L;
        do {
            // A cached position may simply be old: read the followers again before refusing them.
            List<NodeView> fresh = client.views(true);
            r = client.router().route(info, session.with(fresh));
            if (!r.mustWait()) {
                return withAffinity(r, fresh, session);
            }
            pause();
        } while (System.nanoTime() < deadline);
        if (settings.fallbackToLeader()) {
            LOG.debug("no follower reached LSN {} within {} ms; reading on the leader", r.requiredLsn(), settings.waitMs());
            return Route.leader("fallback-leader", r.consistency());
        }
        throw new SQLException("no follower reached LSN " + r.requiredLsn() + " within consistency.wait-ms=" + settings.waitMs()
                + " (consistency.fallback=error)", "HY000");
    }

    /**
     * Keeps the session on the follower it last read from when the balancer chose another one that is no better:
     * hopping between servers per statement costs more than it balances (measured: about a third of point-select
     * throughput on a 2-core machine). Only plain balancer choices move; rules, hints and pinning stand.
     */
    private Route withAffinity(Route r, List<NodeView> views, Session session) {
        if (r.toLeader() || !"follower".equals(r.reason())) {
            return r;
        }
        String previous = lastFollower;
        lastFollower = r.node();
        if (!settings.sessionAffinity() || previous == null || previous.equals(r.node())) {
            return r;
        }
        long maxLag = ConsistencyLevel.maxLagMillis(r.consistency());
        for (NodeView v : views) {
            // The same test the router applied to the balancer's candidates.
            if (v.name().equals(previous) && v.servesFollowerRead(r.requiredLsn(), session.position().epoch(), maxLag)) {
                lastFollower = previous;
                return Route.follower(previous, r.reason(), r.consistency(), r.requiredLsn());
            }
        }
        return r;
    }

    private static void pause() {
        try {
            // Followers apply within a millisecond or two on a LAN; a short poll keeps read-your-writes reads cheap.
            Thread.sleep(0, 500_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
