package io.flotilla.jdbc;

import io.flotilla.routing.config.HostPort;
import io.flotilla.routing.route.Route;
import io.flotilla.routing.sql.StatementInfo;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A follower read decided by a session's routing that the caller runs over its own connection to the node (the proxy
 * forwards such reads as protocol bytes), accounted exactly as a JDBC execution of the same read would be.
 *
 * <p>Exactly one of {@link #completed()}, {@link #failed()} or {@link #abandon()} ends it.
 */
public final class DirectRead {
    private final FlotillaConnection session;
    private final StatementInfo info;
    private final Route route;
    private final HostPort address;
    private final AtomicInteger outstanding;
    private boolean over;

    DirectRead(FlotillaConnection session, StatementInfo info, Route route, HostPort address, AtomicInteger outstanding) {
        this.session = session;
        this.info = info;
        this.route = route;
        this.address = address;
        this.outstanding = outstanding;
        outstanding.incrementAndGet(); // the least-outstanding balancer sees this read like a JDBC one
    }

    /** The follower the read must run on. */
    public String node() {
        return route.node();
    }

    /** The follower's address. */
    public HostPort address() {
        return address;
    }

    /** The database the session uses now (the read must run with it as the default database). */
    public String catalog() {
        return session.state().catalog();
    }

    /** The SET statements the session ran so far, in order: the read's backend must have them applied. */
    public List<String> sessionSets() {
        return session.state().sessionSets();
    }

    /** The read ran (a result or a server error): the session has now seen the position the route required. */
    public void completed() {
        if (end()) {
            session.consistency().position().recordRead(route.requiredLsn());
            session.client().metrics().increment("direct-reads");
        }
    }

    /**
     * The caller's connection to the follower failed before the read ran: the follower leaves the rotation until its
     * position is read again, as after a JDBC connection error; the caller then runs the statement through JDBC.
     */
    public void failed() {
        if (end()) {
            session.followerFailed(route.node());
        }
    }

    /**
     * The caller cannot run the read itself after all (its connection cannot take the session's state): the
     * statement's next JDBC execution takes this route instead of deciding (and perhaps waiting) again.
     */
    public void abandon() {
        if (end()) {
            session.reuseRoute(info, route);
        }
    }

    private boolean end() {
        if (over) {
            return false;
        }
        over = true;
        outstanding.decrementAndGet();
        return true;
    }
}
