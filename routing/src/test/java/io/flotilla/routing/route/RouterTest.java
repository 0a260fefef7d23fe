package io.flotilla.routing.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.routing.route.Route.Target;
import io.flotilla.routing.sql.LexicalAnalyzer;
import io.flotilla.routing.sql.StatementInfo;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The standard rule chain on statements analysed by the real lexical analyzer. */
class RouterTest {

    private static final LexicalAnalyzer ANALYZER = new LexicalAnalyzer();
    private static final NodeView LEADER = new NodeView("leader", true, true, 200, 1, 0, 0);
    private static final NodeView F90 = new NodeView("f90", false, true, 90, 1, 50, 0);
    private static final NodeView F120 = new NodeView("f120", false, true, 120, 1, 10, 0);
    private static final NodeView SICK = new NodeView("sick", false, false, 500, 1, 0, 0);

    private final RoutingMetrics metrics = new RoutingMetrics();
    private final Router router = Router.standard(new LeastLagBalancer(), metrics);

    private static StatementInfo sql(String text) {
        return ANALYZER.analyze(text);
    }

    private static SessionPosition wroteAt(long lsn) {
        SessionPosition p = new SessionPosition();
        p.recordWrite(1, lsn);
        return p;
    }

    private static RouteContext ctx(ConsistencyLevel level, SessionPosition p, NodeView... nodes) {
        return RouteContext.autocommit(level, p, List.of(nodes));
    }

    private Route route(String text, RouteContext c) {
        return router.route(sql(text), c);
    }

    private Route autocommitRead(String text) {
        return route(text, ctx(ConsistencyLevel.READ_YOUR_WRITES, wroteAt(100), LEADER, F90, F120));
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(delimiter = '|', textBlock = """
            INSERT INTO t VALUES (1)                       | LEADER   | write
            UPDATE t SET a = 1 WHERE id = 2                | LEADER   | write
            DELETE FROM t WHERE id = 3                     | LEADER   | write
            CREATE TABLE x (id INT)                        | LEADER   | ddl
            SELECT * FROM t WHERE id = 1 FOR UPDATE        | LEADER   | locking-read
            SELECT * FROM t LOCK IN SHARE MODE             | LEADER   | locking-read
            SELECT LAST_INSERT_ID()                        | LEADER   | last-insert-id
            SELECT GET_LOCK('a', 1)                        | LEADER   | user-lock
            /* flotilla:leader */ SELECT 1                 | LEADER   | hint:leader
            SET NAMES utf8mb4                              | LEADER   | kind:set
            USE app                                        | LEADER   | kind:use
            CALL p()                                       | LEADER   | kind:call
            LOCK TABLES t READ                             | LEADER   | kind:lock_tables
            BEGIN                                          | LEADER   | transaction-control
            COMMIT                                         | LEADER   | transaction-control
            FLUSH TABLES                                   | LEADER   | kind:other
            '   '                                          | LEADER   | kind:empty
            /* flotilla:follower */ INSERT INTO t VALUES(1)| LEADER   | write
            SELECT * FROM t                                | FOLLOWER | follower
            SHOW TABLES                                    | FOLLOWER | follower
            EXPLAIN SELECT * FROM t                        | FOLLOWER | follower
            (SELECT a FROM t) UNION (SELECT a FROM u)      | FOLLOWER | follower
            WITH c AS (SELECT 1) SELECT * FROM c           | FOLLOWER | follower
            """)
    void routesByStatement(String text, Target target, String reason) {
        Route r = autocommitRead(text);
        assertThat(r.target()).isEqualTo(target);
        assertThat(r.reason()).isEqualTo(reason);
        assertThat(r.node()).isEqualTo(target == Target.FOLLOWER ? "f120" : null);
    }

    @Test
    void readYourWritesSkipsFollowerBehindLastWrite() {
        Router rr = Router.standard(new RoundRobinBalancer());
        RouteContext c = ctx(ConsistencyLevel.READ_YOUR_WRITES, wroteAt(100), LEADER, F90, F120);
        for (int i = 0; i < 4; i++) { // round robin would alternate if f90 were a candidate
            Route r = rr.route(sql("SELECT * FROM t"), c);
            assertThat(r).isEqualTo(Route.follower("f120", "follower", ConsistencyLevel.READ_YOUR_WRITES, 100));
        }
    }

    @Test
    void allFollowersBehindAsksCallerToWaitForRequiredLsn() {
        NodeView f80 = new NodeView("f80", false, true, 80, 1, 0, 0);
        Route r = route("SELECT * FROM t", ctx(ConsistencyLevel.READ_YOUR_WRITES, wroteAt(100), LEADER, F90, f80));
        assertThat(r).isEqualTo(new Route(Target.LEADER, null, "no-follower-qualifies",
                ConsistencyLevel.READ_YOUR_WRITES, 100, true));
    }

    @Test
    void noHealthyFollowerGoesToLeaderWithoutWaiting() {
        Route r = route("SELECT * FROM t", ctx(ConsistencyLevel.EVENTUAL, wroteAt(100), LEADER, SICK));
        assertThat(r.target()).isEqualTo(Target.LEADER);
        assertThat(r.reason()).isEqualTo("no-healthy-follower");
        assertThat(r.mustWait()).isFalse();
    }

    @Test
    void unhealthyFollowerIsNeverChosenEvenWhenFreshest() {
        Router rr = Router.standard(new RoundRobinBalancer());
        RouteContext c = ctx(ConsistencyLevel.EVENTUAL, new SessionPosition(), LEADER, SICK, F90);
        for (int i = 0; i < 5; i++) {
            assertThat(rr.route(sql("SELECT 1"), c).node()).isEqualTo("f90");
        }
        assertThat(route("/* flotilla:node=sick */ SELECT 1", c))
                .isEqualTo(Route.leader("hint-node-unhealthy", ConsistencyLevel.EVENTUAL));
    }

    @Test
    void eventualHintReachesLaggingFollower() {
        NodeView lagging = new NodeView("lagging", false, true, 5, 1, 60_000, 0);
        RouteContext c = ctx(ConsistencyLevel.READ_YOUR_WRITES, wroteAt(100), LEADER, lagging);
        assertThat(route("SELECT * FROM t", c).reason()).isEqualTo("no-follower-qualifies");
        Route r = route("/* flotilla:consistency=eventual */ SELECT * FROM t", c);
        assertThat(r).isEqualTo(Route.follower("lagging", "follower", ConsistencyLevel.EVENTUAL, 0));
    }

    @Test
    void strongGoesToLeader() {
        Route r = route("SELECT * FROM t", ctx(ConsistencyLevel.STRONG, wroteAt(100), LEADER, F120));
        assertThat(r).isEqualTo(Route.leader("consistency:strong", ConsistencyLevel.STRONG));
        assertThat(route("/* flotilla:consistency=strong */ SELECT 1",
                ctx(ConsistencyLevel.EVENTUAL, wroteAt(0), LEADER, F120)).reason()).isEqualTo("consistency:strong");
    }

    @Test
    void monotonicRequiresNewestSeenPosition() {
        SessionPosition p = wroteAt(80);
        p.recordRead(110);
        Route r = route("SELECT 1", ctx(ConsistencyLevel.MONOTONIC, p, LEADER, F90, F120));
        assertThat(r).isEqualTo(Route.follower("f120", "follower", ConsistencyLevel.MONOTONIC, 110));
        p.recordRead(130);
        Route behind = route("SELECT 1", ctx(ConsistencyLevel.MONOTONIC, p, LEADER, F90, F120));
        assertThat(behind.mustWait()).isTrue();
        assertThat(behind.requiredLsn()).isEqualTo(130);
    }

    @Test
    void boundedFiltersByLagAndLastWrite() {
        NodeView fresh = new NodeView("fresh", false, true, 150, 1, 5, 0);
        NodeView slow = new NodeView("slow", false, true, 160, 1, 500, 0);
        RouteContext c = ctx(ConsistencyLevel.bounded(100), wroteAt(100), LEADER, slow, fresh, F90);
        assertThat(route("SELECT 1", c).node()).isEqualTo("fresh"); // least-lag would pick slow if it qualified
        RouteContext tight = ctx(ConsistencyLevel.bounded(1), wroteAt(100), LEADER, slow, fresh);
        assertThat(route("SELECT 1", tight).reason()).isEqualTo("no-follower-qualifies");
    }

    @Test
    void followerFromOlderEpochIsSkipped() {
        SessionPosition p = new SessionPosition();
        p.recordWrite(2, 100);
        NodeView oldEpoch = new NodeView("old", false, true, 500, 1, 0, 0);
        NodeView newEpoch = new NodeView("new", false, true, 101, 2, 0, 0);
        assertThat(route("SELECT 1", ctx(ConsistencyLevel.READ_YOUR_WRITES, p, LEADER, oldEpoch, newEpoch)).node())
                .isEqualTo("new");
        assertThat(route("SELECT 1", ctx(ConsistencyLevel.READ_YOUR_WRITES, p, LEADER, oldEpoch)).mustWait()).isTrue();
    }

    @Test
    void readWriteTransactionKeepsReadsOnLeader() {
        RouteContext c = new RouteContext(true, false, null, ConsistencyLevel.EVENTUAL, wroteAt(0),
                List.of(LEADER, F120));
        assertThat(route("SELECT * FROM t", c)).isEqualTo(Route.leader("transaction", ConsistencyLevel.EVENTUAL));
    }

    @Test
    void pinnedReadOnlyTransactionStaysOnItsNode() {
        RouteContext c = new RouteContext(false, true, "f90", ConsistencyLevel.READ_YOUR_WRITES, wroteAt(100),
                List.of(LEADER, F90, F120));
        assertThat(route("SELECT * FROM t", c))
                .isEqualTo(Route.follower("f90", "pinned", ConsistencyLevel.READ_YOUR_WRITES, 0));
        // it has to end where it lives
        assertThat(route("COMMIT", c).node()).isEqualTo("f90");
        assertThat(route("INSERT INTO t VALUES (1)", c).reason()).isEqualTo("write");
    }

    @Test
    void readOnlyTransactionWithoutPinUsesConsistency() {
        RouteContext c = new RouteContext(false, true, null, ConsistencyLevel.READ_YOUR_WRITES, wroteAt(100),
                List.of(LEADER, F90, F120));
        assertThat(route("SELECT 1", c).node()).isEqualTo("f120");
        assertThat(route("COMMIT", c).reason()).isEqualTo("transaction-control");
    }

    @Test
    void nodeAndFollowerHints() {
        RouteContext c = ctx(ConsistencyLevel.READ_YOUR_WRITES, wroteAt(100), LEADER, F90, F120);
        assertThat(route("/* flotilla:node=f90 */ SELECT 1", c))
                .isEqualTo(Route.follower("f90", "hint:node", ConsistencyLevel.READ_YOUR_WRITES, 0));
        assertThat(route("/* flotilla:node=leader */ SELECT 1", c).toLeader()).isTrue();
        assertThat(route("/* flotilla:node=nope */ SELECT 1", c).reason()).isEqualTo("hint-node-unknown");
        assertThat(route("/* flotilla:follower */ SELECT 1", c))
                .isEqualTo(Route.follower("f120", "hint:follower", ConsistencyLevel.READ_YOUR_WRITES, 100));
        RouteContext strong = ctx(ConsistencyLevel.STRONG, wroteAt(100), LEADER, F120);
        assertThat(route("/* flotilla:follower */ SELECT 1", strong).node()).isEqualTo("f120");
        assertThat(route("/* flotilla:follower consistency=strong */ SELECT 1", c).reason()).isEqualTo("bad-hint");
    }

    @Test
    void badConsistencyHintGoesToLeaderWithoutThrowing() {
        RouteContext c = ctx(ConsistencyLevel.EVENTUAL, wroteAt(0), LEADER, F120);
        assertThat(route("/* flotilla:consistency=sometimes */ SELECT 1", c))
                .isEqualTo(Route.leader("bad-hint", ConsistencyLevel.EVENTUAL));
        assertThat(route("/* flotilla:consistency=bounded:-3 */ SELECT 1", c).reason()).isEqualTo("bad-hint");
        // the same answer when a custom chain has no hint rule
        Router noHints = new Router(List.of(new LeaderOnlyRule(), new ConsistencyRule(new FollowerSelector(
                new RoundRobinBalancer()))));
        assertThat(noHints.route(sql("/* flotilla:consistency=sometimes */ SELECT 1"), c).reason()).isEqualTo("bad-hint");
    }

    @Test
    void unclaimedStatementGoesToLeaderAsUnclassified() {
        Router empty = new Router(List.of((s, c) -> Optional.empty()));
        Route r = empty.route(sql("SELECT 1"), ctx(ConsistencyLevel.EVENTUAL, wroteAt(0), LEADER, F120));
        assertThat(r).isEqualTo(Route.leader("unclassified", ConsistencyLevel.EVENTUAL));
    }

    @Test
    void customRuleCanBeInsertedAheadOfStandardChain() {
        List<RouteRule> rules = Router.standardRules(new LeastLagBalancer());
        rules.add(0, (s, c) -> s.tables().contains("audit")
                ? Optional.of(Route.leader("audit-table", c.sessionLevel())) : Optional.empty());
        Router custom = new Router(rules);
        RouteContext c = ctx(ConsistencyLevel.EVENTUAL, wroteAt(0), LEADER, F120);
        assertThat(custom.route(sql("SELECT * FROM audit"), c).reason()).isEqualTo("audit-table");
        assertThat(custom.route(sql("SELECT * FROM t"), c).node()).isEqualTo("f120");
    }

    @Test
    void everyDecisionIsCounted() {
        autocommitRead("SELECT * FROM t");
        autocommitRead("SELECT * FROM t");
        autocommitRead("INSERT INTO t VALUES (1)");
        route("SELECT 1", ctx(ConsistencyLevel.READ_YOUR_WRITES, wroteAt(100), LEADER, F90));

        assertThat(metrics.snapshot()).containsEntry("decisions", 4L)
                .containsEntry("target.follower", 2L)
                .containsEntry("target.leader", 2L)
                .containsEntry("node.f120", 2L)
                .containsEntry("reason.follower", 2L)
                .containsEntry("reason.write", 1L)
                .containsEntry("reason.no-follower-qualifies", 1L)
                .containsEntry("must-wait", 1L)
                .doesNotContainKey("node.f90");
    }
}
