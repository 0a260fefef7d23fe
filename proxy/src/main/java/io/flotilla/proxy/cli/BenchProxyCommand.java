package io.flotilla.proxy.cli;

import io.flotilla.proxy.bench.ByteRelay;
import io.flotilla.proxy.bench.Medians;
import io.flotilla.proxy.bench.Sysbench;
import io.flotilla.proxy.server.ProxyConfig;
import io.flotilla.proxy.server.ProxyServer;
import io.flotilla.replicator.cluster.FlotillaCluster;
import io.flotilla.replicator.config.ClusterConfig;
import io.flotilla.routing.config.HostPort;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * sysbench through the proxy against the same sysbench straight to a follower and through a bare byte relay to that
 * follower (the floor of one extra hop), interleaved round by round in one run on one temporary cluster.
 */
@Command(name = "bench-proxy", description = "sysbench oltp_point_select and oltp_read_only through the proxy vs straight to a"
        + " follower vs a bare byte relay, side by side (needs the sysbench binary).")
final class BenchProxyCommand implements Callable<Integer> {

    /** The endpoints compared; direct is the baseline. */
    private enum Endpoint { DIRECT, RELAY, PROXY }

    @Option(names = "--seconds", defaultValue = "5", description = "Seconds per sysbench run (default 5).")
    int seconds;

    @Option(names = "--rounds", defaultValue = "3", description = "Interleaved rounds per test and thread count (default 3).")
    int rounds;

    @Option(names = "--threads", defaultValue = "1,16", split = ",", description = "Thread counts (default 1,16).")
    int[] threads;

    @Option(names = "--tests", defaultValue = "oltp_point_select,oltp_read_only", split = ",",
            description = "sysbench tests (default oltp_point_select,oltp_read_only).")
    String[] tests;

    @Option(names = "--table-size", defaultValue = "10000", description = "Rows per table (default 10000).")
    int tableSize;

    @Option(names = "--tables", defaultValue = "4", description = "Tables (default 4).")
    int tables;

    @Option(names = "--proxy-set", split = ",", description = "Extra proxy keys for the benchmarked proxy, e.g."
            + " proxy.direct-reads=false or proxy.driver.configFile=rules.properties (key=value, comma-separated).")
    String[] proxySet = new String[0];

    @Override
    public Integer call() throws Exception {
        if (!Sysbench.available()) {
            System.err.println("bench-proxy needs sysbench on the PATH (apt-get install sysbench)");
            return 2;
        }
        try (TempCluster t = new TempCluster(3, Map.of("cluster.database", "sbtest"))) {
            FlotillaCluster cluster = t.cluster();
            cluster.start();
            cluster.startReplication();
            ClusterConfig cfg = cluster.config();
            Properties p = new Properties();
            p.setProperty("proxy.listen", "127.0.0.1:" + freePort());
            for (String kv : proxySet) {
                int eq = kv.indexOf('=');
                if (eq <= 0) {
                    System.err.println("--proxy-set expects key=value, got: " + kv);
                    return 2;
                }
                p.setProperty(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
            }
            try (ProxyServer proxy = new ProxyServer(ProxyConfig.from(p, cfg, t.dir()), cluster::status).start()) {
                String follower = cluster.followers().get(0);
                HostPort f = cluster.nodes().address(follower);
                try (ByteRelay relay = new ByteRelay(new InetSocketAddress(f.host(), f.port()))) {
                    Map<Endpoint, Sysbench.Target> targets = new LinkedHashMap<>();
                    targets.put(Endpoint.DIRECT, target(cfg, f.port()));
                    targets.put(Endpoint.RELAY, target(cfg, relay.port()));
                    targets.put(Endpoint.PROXY, target(cfg, proxy.port()));
                    // Loaded through the proxy, so the rows are in the log and on every follower.
                    System.out.printf("loading %d tables x %d rows through the proxy...%n", tables, tableSize);
                    Sysbench.exec("oltp_read_only", "prepare", targets.get(Endpoint.PROXY), Math.min(tables, 4), 0, List.of());
                    awaitCaughtUp(cluster);
                    run(targets, follower);
                    printRouting(cfg, proxy.port());
                }
            }
        }
        return 0;
    }

    private void run(Map<Endpoint, Sysbench.Target> targets, String follower) throws Exception {
        System.out.printf("%nsysbench %s, %d s per run, %d interleaved rounds; direct = sysbench straight to"
                + " follower %s; relay = bare Java byte relay to %s; proxy = the Flotilla proxy (routes by its own rules)%n",
                String.join("+", tests), seconds, rounds, follower, follower);
        List<String> table = new ArrayList<>();
        table.add("| test | threads | direct qps | relay qps | proxy qps | relay/direct | proxy/direct | proxy/relay | proxy errors |");
        table.add("|---|---|---|---|---|---|---|---|---|");
        for (String test : tests) {
            for (int n : threads) {
                Map<Endpoint, List<Double>> qps = new LinkedHashMap<>();
                long proxyErrors = 0;
                for (int r = 0; r < rounds; r++) {
                    // Rotate the order each round so no endpoint always runs first (or last) on a warming machine.
                    List<Endpoint> order = new ArrayList<>(List.of(Endpoint.values()));
                    java.util.Collections.rotate(order, r);
                    for (Endpoint e : order) {
                        Sysbench.Result res = Sysbench.parse(Sysbench.exec(test, "run", targets.get(e), n, seconds, List.of()));
                        qps.computeIfAbsent(e, k -> new ArrayList<>()).add(res.qps());
                        if (e == Endpoint.PROXY) {
                            proxyErrors += res.errors();
                        }
                        System.out.printf("  %-18s %2d thr  round %d  %-6s %10.0f qps  p95 %.2f ms  errors %d%n",
                                test, n, r + 1, e.name().toLowerCase(java.util.Locale.ROOT), res.qps(), res.p95Ms(), res.errors());
                    }
                }
                List<String> perRound = new ArrayList<>();
                for (int r = 0; r < rounds; r++) {
                    perRound.add(String.format("%.2f", qps.get(Endpoint.PROXY).get(r) / qps.get(Endpoint.RELAY).get(r)));
                }
                System.out.printf("  %-18s %2d thr  proxy/relay per round: %s%n", test, n, String.join(", ", perRound));
                double d = Medians.of(qps.get(Endpoint.DIRECT));
                double rl = Medians.of(qps.get(Endpoint.RELAY));
                double px = Medians.of(qps.get(Endpoint.PROXY));
                table.add(String.format("| %s | %d | %.0f | %.0f | %.0f | %.2f | %.2f | %.2f | %d |",
                        test, n, d, rl, px, rl / d, px / d, px / rl, proxyErrors));
            }
        }
        System.out.println();
        System.out.println("Medians of the rounds:");
        table.forEach(System.out::println);
    }

    /** The proxy's routing counters (SHOW FLOTILLA STATUS), so a run shows where the proxy's reads went and how. */
    private static void printRouting(ClusterConfig cfg, int port) {
        String url = "jdbc:mysql://127.0.0.1:" + port + "/" + cfg.database() + "?useSSL=false&allowPublicKeyRetrieval=true";
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, cfg.user(), cfg.password());
                java.sql.Statement st = c.createStatement();
                java.sql.ResultSet rs = st.executeQuery("SHOW FLOTILLA STATUS")) {
            StringBuilder line = new StringBuilder("proxy routing counters:");
            while (rs.next()) {
                if (rs.getString(1).startsWith("routing.")) {
                    line.append(' ').append(rs.getString(1).substring("routing.".length())).append('=').append(rs.getString(2));
                }
            }
            System.out.println(line);
        } catch (java.sql.SQLException e) {
            System.out.println("proxy routing counters: unavailable (" + e.getMessage() + ")");
        }
    }

    private Sysbench.Target target(ClusterConfig cfg, int port) {
        return new Sysbench.Target("127.0.0.1", port, cfg.user(), cfg.password(), cfg.database(), tables, tableSize);
    }

    private static void awaitCaughtUp(FlotillaCluster cluster) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            var rows = cluster.status();
            long head = rows.stream().filter(r -> r.role().equals("leader")).mapToLong(r -> r.appliedLsn()).max().orElse(-1);
            if (head >= 0 && rows.stream().filter(r -> r.role().equals("follower")).allMatch(r -> r.appliedLsn() >= head)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("followers did not catch up with the loaded tables within 120 s");
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
