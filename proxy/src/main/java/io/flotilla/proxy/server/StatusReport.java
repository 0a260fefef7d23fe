package io.flotilla.proxy.server;

import io.flotilla.jdbc.FlotillaConnection;
import io.flotilla.replicator.cluster.NodeStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The rows of {@code SHOW FLOTILLA STATUS}, as {@code Variable_name}/{@code Value} pairs like SHOW STATUS: every
 * node (address, role, epoch, applied LSN, lag, health), this session (token, transaction), the routing counters
 * of the session's cluster client, and the proxy's open sessions.
 */
final class StatusReport {
    private final Supplier<List<NodeStatus>> nodes;
    private final Supplier<Integer> sessions;
    private final SpinWait spinWait;

    StatusReport(Supplier<List<NodeStatus>> nodes, Supplier<Integer> sessions, SpinWait spinWait) {
        this.nodes = nodes;
        this.sessions = sessions;
        this.spinWait = spinWait;
    }

    List<String[]> rows(FlotillaConnection conn) {
        List<String[]> rows = new ArrayList<>();
        try {
            for (NodeStatus n : nodes.get()) {
                String p = "node." + n.name() + ".";
                rows.add(row(p + "address", n.address()));
                rows.add(row(p + "role", n.role()));
                rows.add(row(p + "epoch", Long.toString(n.epoch())));
                rows.add(row(p + "applied_lsn", Long.toString(n.appliedLsn())));
                rows.add(row(p + "lag_entries", n.lagEntries() < 0 ? null : Long.toString(n.lagEntries())));
                rows.add(row(p + "lag_ms", n.lagMs() < 0 ? null : Long.toString(n.lagMs())));
                rows.add(row(p + "health", n.health()));
            }
        } catch (RuntimeException e) {
            rows.add(row("nodes.error", e.getMessage()));
        }
        rows.add(row("session.token", conn.consistencyToken()));
        rows.add(row("session.in_transaction", Boolean.toString(conn.inTransaction())));
        for (Map.Entry<String, Long> e : new TreeMap<>(conn.routingMetrics()).entrySet()) {
            rows.add(row("routing." + e.getKey(), Long.toString(e.getValue())));
        }
        rows.add(row("proxy.sessions", Integer.toString(sessions.get())));
        rows.add(row("proxy.spin.polls", Long.toString(spinWait.polls())));
        rows.add(row("proxy.spin.answered", Long.toString(spinWait.answered())));
        return rows;
    }

    private static String[] row(String name, String value) {
        return new String[] {name, value};
    }
}
