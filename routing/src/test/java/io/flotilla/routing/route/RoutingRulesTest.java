package io.flotilla.routing.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flotilla.routing.config.ConfigException;
import io.flotilla.routing.sql.LexicalAnalyzer;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Routing rules from properties: parsing with errors that name the key, matching, and their place in the chain. */
class RoutingRulesTest {

    private static final LexicalAnalyzer ANALYZER = new LexicalAnalyzer();
    private static final List<NodeView> NODES = List.of(
            new NodeView("n1", true, true, 500, 1, 0, 0),
            new NodeView("n2", false, true, 100, 1, 0, 0),
            new NodeView("n3", false, true, 40, 1, 900, 0));

    private static Properties props(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }

    private static Route route(Router r, String sql, long lastWrite) {
        SessionPosition pos = new SessionPosition();
        if (lastWrite > 0) {
            pos.recordWrite(1, lastWrite);
        }
        return r.route(ANALYZER.analyze(sql), RouteContext.autocommit(ConsistencyLevel.READ_YOUR_WRITES, pos, NODES));
    }

    @Test
    void tableRegexAndNodeRulesRouteReads() {
        List<ConfiguredRule> rules = RoutingRules.parse(props(
                "rule.a-money.tables", "accounts, ledger", "rule.a-money.target", "leader",
                "rule.b-reports.regex", "(?i)/\\* report \\*/", "rule.b-reports.target", "followers", "rule.b-reports.consistency", "eventual",
                "rule.c-pin.tables", "audit", "rule.c-pin.target", "n3",
                "cluster.nodes", "ignored=1.2.3.4:5"));
        Router r = RoutingRules.router(rules, "app", new RoundRobinBalancer(), null);
        assertThat(route(r, "SELECT * FROM shop.accounts WHERE id = 1", 0).reason()).isEqualTo("rule:a-money");
        assertThat(route(r, "SELECT * FROM accounts", 0).toLeader()).isTrue();
        // Eventual lets the report read the lagging n3 although the session wrote LSN 90.
        Route report = route(r, "/* report */ SELECT COUNT(*) FROM orders", 90);
        assertThat(report.reason()).isEqualTo("rule:b-reports");
        assertThat(report.toLeader()).isFalse();
        assertThat(route(r, "SELECT * FROM audit", 0)).extracting(Route::node, Route::reason).containsExactly("n3", "rule:c-pin");
        // No rule matches: the default chain (read-your-writes) picks n2, the only follower at or past LSN 90.
        assertThat(route(r, "SELECT * FROM orders", 90).node()).isEqualTo("n2");
        // Writes never reach a rule.
        assertThat(route(r, "UPDATE accounts SET v = 1", 0).reason()).isEqualTo("write");
    }

    @Test
    void rulesForAnotherUserDoNotApply() {
        List<ConfiguredRule> rules = RoutingRules.parse(props("rule.x.user", "reporting", "rule.x.target", "leader"));
        assertThat(route(RoutingRules.router(rules, "reporting", new RoundRobinBalancer(), null), "SELECT 1 FROM t", 0).reason()).isEqualTo("rule:x");
        assertThat(route(RoutingRules.router(rules, "app", new RoundRobinBalancer(), null), "SELECT 1 FROM t", 0).reason()).isNotEqualTo("rule:x");
    }

    @Test
    void errorsNameTheKey() {
        assertThatThrownBy(() -> RoutingRules.parse(props("rule.r.tables", "t")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("rule.r.target");
        assertThatThrownBy(() -> RoutingRules.parse(props("rule.r.regex", "([", "rule.r.target", "leader")))
                .hasMessageContaining("rule.r.regex").hasMessageContaining("regular expression");
        assertThatThrownBy(() -> RoutingRules.parse(props("rule.r.tabels", "t", "rule.r.target", "leader")))
                .hasMessageContaining("rule.r.tabels");
        assertThatThrownBy(() -> RoutingRules.parse(props("rule.r.tables", "t", "rule.r.target", "leader", "rule.r.consistency", "sometimes")))
                .hasMessageContaining("rule.r.consistency");
        assertThatThrownBy(() -> RoutingRules.parse(props("rule.r.target", "leader")))
                .hasMessageContaining("at least one of tables, regex or user");
    }
}
