package io.flotilla.proxy.cli;

import io.flotilla.replicator.cluster.FlotillaCluster;
import io.flotilla.replicator.log.LoggedSession;
import io.flotilla.replicator.log.WriteResult;
import io.flotilla.jdbc.FlotillaConnection;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Starts a 3-node embedded cluster in a temporary directory and narrates replication, then exits. */
@Command(name = "demo", description = "Start a temporary 3-node embedded cluster and narrate a short replicated workload.")
final class DemoCommand implements Callable<Integer> {

    private static final long DELAY_MS = 1500;

    @Override
    public Integer call() throws Exception {
        say("Starting 3 embedded MariaDB 10.11 nodes (n1 leader; n2 follower; n3 follower delayed by " + DELAY_MS + " ms)…");
        long t0 = System.currentTimeMillis();
        try (TempCluster t = new TempCluster(3, Map.of("replication.apply-delay.n3", Long.toString(DELAY_MS)))) {
            FlotillaCluster c = t.cluster();
            c.start();
            c.startReplication();
            say("Cluster up in %d ms, data in %s; leader %s, epoch %d.", System.currentTimeMillis() - t0, t.dir(), c.leader(), c.epoch());
            try (LoggedSession s = c.openSession()) {
                step("1. Writes on the leader: each autocommit write and its log entry commit in one round trip.");
                s.execute("CREATE TABLE orders (id INT AUTO_INCREMENT PRIMARY KEY, item VARCHAR(40), qty INT,"
                        + " ref CHAR(36), created DATETIME(6) DEFAULT NOW(6))", List.of());
                say("   CREATE TABLE orders                              -> LSN %d (DDL, logged after it succeeded)", s.lastLsn());
                for (String item : List.of("anchor", "rope", "sail")) {
                    WriteResult r = s.execute("INSERT INTO orders (item, qty, ref) VALUES (?, ?, UUID())", List.of(item, item.length()));
                    say("   INSERT %-6s qty=%d, ref=UUID(), created=NOW(6) -> LSN %d, id %d", item, item.length(), r.lsn(), r.generatedId());
                }
                step("2. An explicit transaction: statements are buffered and logged as one entry at COMMIT;");
                say("   ROLLBACK TO SAVEPOINT drops what it undoes.");
                s.execute("BEGIN", List.of());
                s.execute("UPDATE orders SET qty = qty + 100 WHERE item = 'rope'", List.of());
                s.execute("SAVEPOINT before_mistake", List.of());
                s.execute("DELETE FROM orders", List.of());
                s.execute("ROLLBACK TO SAVEPOINT before_mistake", List.of());
                s.execute("COMMIT", List.of());
                say("   BEGIN; UPDATE rope; SAVEPOINT; DELETE all; ROLLBACK TO SAVEPOINT; COMMIT -> LSN %d", s.lastLsn());
                step("3. An unsafe statement for statement-based replication is refused:");
                try {
                    s.execute("UPDATE orders SET qty = 0 LIMIT 1", List.of());
                } catch (SQLException e) {
                    say("   UPDATE … LIMIT 1 -> error %d (%s): %s", e.getErrorCode(), e.getSQLState(), e.getMessage());
                }
                step("4. Followers apply the log in order. Right after the writes:");
                Thread.sleep(150);
                StatusCommand.print(c.status(), System.out);
                say("   n2 is caught up; n3 trails on purpose (replication.apply-delay.n3=%d).", DELAY_MS);
                step("5. Positions: a session's last write is its read-your-writes position.");
                say("   session position = LSN %d; n2 applied %d (covers it: a read there sees the write), n3 applied %d (does not).",
                        s.lastLsn(), c.appliedLsn("n2"), c.appliedLsn("n3"));
                say("   Reading on n2 as the application user: %s", readOrders(c, "n2"));
                say("   Reading on n3 right now:               %s", readOrders(c, "n3"));
                step("6. Followers are read-only for applications:");
                try (Connection f = c.nodes().app("n2"); Statement st = f.createStatement()) {
                    st.execute("INSERT INTO orders (item, qty) VALUES ('x', 1)");
                } catch (SQLException e) {
                    say("   INSERT on n2 -> error %d: %s", e.getErrorCode(), e.getMessage());
                }
                driverSection(c);
                step("8. Waiting for the delayed follower to catch up…");
                long w = System.currentTimeMillis();
                c.awaitCaughtUp(30_000);
                say("   n3 caught up after %d ms.", System.currentTimeMillis() - w);
                StatusCommand.print(c.status(), System.out);
                Map<String, Long> leader = c.checksums("n1");
                boolean same = leader.equals(c.checksums("n2")) && leader.equals(c.checksums("n3"));
                say("   CHECKSUM TABLE on every node: %s -> %s", leader, same ? "identical on n1, n2, n3" : "DIFFERENT");
                if (!same) {
                    return 1;
                }
            }
            if (!FailoverDemo.run(c)) {
                return 1;
            }
            step("Done; stopping the nodes and removing " + t.dir());
        }
        return 0;
    }

    /** Reads through the JDBC driver: the same session's read goes where its write is already applied. */
    private static void driverSection(FlotillaCluster c) throws SQLException {
        String url = "jdbc:flotilla://" + c.config().nodes().get(c.leader()) + "/app?user=app&password=app";
        step("7. The JDBC driver: an application changes only its URL to " + url);
        try (Connection app = DriverManager.getConnection(url); Connection other = DriverManager.getConnection(url)) {
            FlotillaConnection fc = app.unwrap(FlotillaConnection.class);
            try (Statement st = app.createStatement()) {
                st.executeUpdate("UPDATE orders SET qty = qty + 1 WHERE item = 'anchor'");
            }
            Map<String, Long> before = fc.routingMetrics();
            String qty = query(app, "SELECT qty FROM orders WHERE item = 'anchor'");
            say("   write then read on the same connection: qty=%s, served by %s (n3 is %d ms behind, so not n3)",
                    qty, servedBy(before, fc.routingMetrics()), DELAY_MS);
            String token = app.getClientInfo("flotilla.token");
            other.setClientInfo("flotilla.token", token);
            say("   its position as a token (cookie-safe): %s", token);
            say("   another connection given the token reads qty=%s: read-your-writes across connections and services",
                    query(other, "SELECT qty FROM orders WHERE item = 'anchor'"));
            say("   the same read pinned to n3 with /* flotilla:node=n3 */ (no position check) reads qty=%s: stale, as a plain split would be",
                    query(other, "/* flotilla:node=n3 */ SELECT qty FROM orders WHERE item = 'anchor'"));
        }
    }

    private static String query(Connection conn, String sql) throws SQLException {
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : "(no row)";
        } catch (SQLException e) {
            return "error " + e.getErrorCode() + " (" + e.getMessage() + ")";
        }
    }

    private static String servedBy(Map<String, Long> before, Map<String, Long> after) {
        for (Map.Entry<String, Long> e : after.entrySet()) {
            if (e.getKey().startsWith("node.") && e.getValue() > before.getOrDefault(e.getKey(), 0L)) {
                return "follower " + e.getKey().substring(5);
            }
        }
        return "the leader";
    }

    private static String readOrders(FlotillaCluster c, String node) throws SQLException {
        try (Connection f = c.nodes().app(node); Statement st = f.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*), COALESCE(SUM(qty), 0) FROM orders")) {
            rs.next();
            return rs.getInt(1) + " orders, total qty " + rs.getInt(2);
        } catch (SQLException e) {
            return "error " + e.getErrorCode() + ": " + e.getMessage();
        }
    }

    private static void step(String s) {
        System.out.println();
        System.out.println(s);
    }

    private static void say(String fmt, Object... args) {
        System.out.println(args.length == 0 ? fmt : String.format(fmt, args));
    }
}
