package io.flotilla.proxy.cli;

import io.flotilla.embedded.LoopbackPorts;
import io.flotilla.proxy.bench.ByteRelay;
import io.flotilla.proxy.bench.CpuMeter;
import io.flotilla.proxy.bench.Medians;
import io.flotilla.proxy.bench.Sysbench;
import io.flotilla.proxy.server.ProxyConfig;
import io.flotilla.proxy.server.ProxyServer;
import io.flotilla.replicator.cluster.FlotillaCluster;
import io.flotilla.replicator.config.ClusterConfig;
import io.flotilla.routing.config.HostPort;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
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
// Two proxies run side by side: one whose reads a routing rule keeps on the follower that direct and relay use, so all
// three read from the same server (like for like), and one with the default routing, which spreads reads over every
// follower. On one small machine the followers share its cores and spreading costs the servers more CPU per query than
// it adds; on real hardware it adds capacity. Reporting both keeps the two effects apart.
@Command(name = "bench-proxy", description = "sysbench oltp_point_select and oltp_read_only through the proxy (reads on the same"
        + " follower, and spread by default routing) vs straight to that follower vs a bare byte relay to it, side by side"
        + " (needs the sysbench binary).")
final class BenchProxyCommand implements Callable<Integer> {

    private static final String RULES_KEY = "proxy.driver.configFile";

    /** The endpoints compared; direct is the baseline. */
    private enum Endpoint {
        DIRECT("direct"), RELAY("relay"), PROXY("proxy"), SPREAD("spread");

        private final String label;

        Endpoint(String label) {
            this.label = label;
        }
    }

    @Option(names = "--seconds", defaultValue = "5", description = "Seconds per sysbench run (default 5).")
    int seconds;

    @Option(names = "--rounds", defaultValue = "3", description = "Interleaved rounds per test and thread count (default 3).")
    int rounds;

    @Option(names = "--threads", defaultValue = "1,16", split = ",", description = "Thread counts (default 1,16).")
    int[] threads;

    @Option(names = "--tests", defaultValue = "oltp_point_select,oltp_read_only", split = ",",
            description = "sysbench tests (default oltp_point_select,oltp_read_only).")
    String[] tests;

    @Option(names = "--warmup-seconds", defaultValue = "10", description = "Before each test's rounds, one unrecorded"
            + " run of this many seconds per endpoint at the largest thread count, so the JIT has compiled the proxy's"
            + " path before anything is measured (default 10; 0 skips it).")
    int warmupSeconds;

    @Option(names = "--table-size", defaultValue = "10000", description = "Rows per table (default 10000).")
    int tableSize;

    @Option(names = "--tables", defaultValue = "4", description = "Tables (default 4).")
    int tables;

    @Option(names = "--proxy-set", split = ",", description = "Extra proxy keys for both benchmarked proxies, e.g."
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
            Properties spreadKeys = new Properties();
            for (String kv : proxySet) {
                int eq = kv.indexOf('=');
                if (eq <= 0) {
                    System.err.println("--proxy-set expects key=value, got: " + kv);
                    return 2;
                }
                spreadKeys.setProperty(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
            }
            String follower = cluster.followers().get(0);
            Properties sameKeys = new Properties();
            sameKeys.putAll(spreadKeys);
            if (sameKeys.containsKey(RULES_KEY)) {
                System.out.printf("note: %s is set, so both proxies route by that file's rules%n", RULES_KEY);
            } else {
                sameKeys.setProperty(RULES_KEY, sameFollowerRules(t.dir(), cfg.user(), follower).toString());
            }
            List<Integer> ports = LoopbackPorts.free(2); // distinct: both proxies bind only later
            sameKeys.setProperty("proxy.listen", "127.0.0.1:" + ports.get(0));
            spreadKeys.setProperty("proxy.listen", "127.0.0.1:" + ports.get(1));
            try (ProxyServer proxy = new ProxyServer(ProxyConfig.from(sameKeys, cfg, t.dir()), cluster::status).start();
                    ProxyServer spread = new ProxyServer(ProxyConfig.from(spreadKeys, cfg, t.dir()), cluster::status).start()) {
                HostPort f = cluster.nodes().address(follower);
                try (ByteRelay relay = new ByteRelay(new InetSocketAddress(f.host(), f.port()))) {
                    Map<Endpoint, Sysbench.Target> targets = new LinkedHashMap<>();
                    targets.put(Endpoint.DIRECT, target(cfg, f.port()));
                    targets.put(Endpoint.RELAY, target(cfg, relay.port()));
                    targets.put(Endpoint.PROXY, target(cfg, proxy.port()));
                    targets.put(Endpoint.SPREAD, target(cfg, spread.port()));
                    // Loaded through the default-routed proxy, so the rows are in the log and on every follower (and
                    // prepare's own reads keep read-your-writes, which a rule naming a node would not).
                    System.out.printf("loading %d tables x %d rows through the proxy...%n", tables, tableSize);
                    Sysbench.exec("oltp_read_only", "prepare", targets.get(Endpoint.SPREAD), Math.min(tables, 4), 0, List.of());
                    awaitCaughtUp(cluster);
                    run(targets, follower);
                    printRouting("proxy", cfg, proxy.port());
                    printRouting("spread", cfg, spread.port());
                }
            }
        }
        return 0;
    }

    private void run(Map<Endpoint, Sysbench.Target> targets, String follower) throws Exception {
        System.out.printf("%nsysbench %s, %d s per run, %d interleaved rounds; direct = sysbench straight to"
                + " follower %s; relay = bare Java byte relay to %s; proxy = the Flotilla proxy, reads kept on %s by a"
                + " rule; spread = the Flotilla proxy with default routing (reads over every follower)%n",
                String.join("+", tests), seconds, rounds, follower, follower, follower);
        List<String> table = new ArrayList<>();
        table.add("| test | threads | direct qps | relay qps | proxy qps | spread qps | relay/direct | proxy/direct"
                + " | proxy/relay | spread/relay | proxy errors | spread errors |");
        table.add("|---|---|---|---|---|---|---|---|---|---|---|---|");
        List<String> cpuTable = new ArrayList<>();
        cpuTable.add("| test | threads | JVM relay | JVM proxy | JVM spread | proxy/relay JVM | servers direct"
                + " | servers relay | servers proxy | servers spread |");
        cpuTable.add("|---|---|---|---|---|---|---|---|---|---|");
        for (String test : tests) {
            if (warmupSeconds > 0) {
                int most = Arrays.stream(threads).max().orElse(1);
                System.out.printf("  %-18s warming up: %d s per endpoint at %d threads (not recorded)%n", test, warmupSeconds, most);
                for (Endpoint e : Endpoint.values()) {
                    Sysbench.exec(test, "run", targets.get(e), most, warmupSeconds, List.of());
                }
            }
            for (int n : threads) {
                Map<Endpoint, List<Double>> qps = new LinkedHashMap<>();
                Map<Endpoint, List<CpuMeter.Usage>> cpu = new LinkedHashMap<>();
                Map<Endpoint, Long> errors = new EnumMap<>(Endpoint.class);
                for (int r = 0; r < rounds; r++) {
                    // Rotate the order each round so no endpoint always runs first (or last) on a warming machine.
                    List<Endpoint> order = new ArrayList<>(List.of(Endpoint.values()));
                    Collections.rotate(order, r);
                    for (Endpoint e : order) {
                        CpuMeter.Snapshot before = CpuMeter.now();
                        Sysbench.Result res = Sysbench.parse(Sysbench.exec(test, "run", targets.get(e), n, seconds, List.of()));
                        CpuMeter.Usage used = CpuMeter.now().since(before, res.queries());
                        if (used == null) {
                            throw new IllegalStateException("a database server of the cluster stopped during the " + e.label + " run");
                        }
                        qps.computeIfAbsent(e, k -> new ArrayList<>()).add(res.qps());
                        cpu.computeIfAbsent(e, k -> new ArrayList<>()).add(used);
                        errors.merge(e, res.errors(), Long::sum);
                        System.out.printf("  %-18s %2d thr  round %d  %-6s %10.0f qps  p95 %.2f ms  errors %d"
                                + "  CPU/query: JVM %.1f µs, servers %.1f µs%n", test, n, r + 1, e.label, res.qps(),
                                res.p95Ms(), res.errors(), used.jvmMicrosPerQuery(), used.serverMicrosPerQuery());
                    }
                }
                System.out.printf("  %-18s %2d thr  proxy/relay per round: %s; spread/relay: %s%n", test, n,
                        perRound(qps, Endpoint.PROXY), perRound(qps, Endpoint.SPREAD));
                // The ratios are medians of the per-round ratios: adjacent runs share the machine's state of the moment,
                // which drifts by tens of percent over minutes (a ratio of separate medians would mix rounds).
                table.add(String.format("| %s | %d | %.0f | %.0f | %.0f | %.0f | %.2f | %.2f | %.2f | %.2f | %d | %d |",
                        test, n, Medians.of(qps.get(Endpoint.DIRECT)), Medians.of(qps.get(Endpoint.RELAY)),
                        Medians.of(qps.get(Endpoint.PROXY)), Medians.of(qps.get(Endpoint.SPREAD)),
                        medianRatio(qps, Endpoint.RELAY, Endpoint.DIRECT), medianRatio(qps, Endpoint.PROXY, Endpoint.DIRECT),
                        medianRatio(qps, Endpoint.PROXY, Endpoint.RELAY), medianRatio(qps, Endpoint.SPREAD, Endpoint.RELAY),
                        errors.getOrDefault(Endpoint.PROXY, 0L), errors.getOrDefault(Endpoint.SPREAD, 0L)));
                // The JVM also runs the cluster (appliers polling the leader, position probes): its rate while
                // direct runs, when the JVM serves no query, is subtracted from the relay's and the proxies' CPU.
                double idle = Medians.of(cpu.get(Endpoint.DIRECT).stream().map(CpuMeter.Usage::jvmMicrosPerSecond).toList());
                double jr = ownJvm(cpu, Endpoint.RELAY, idle);
                double jp = ownJvm(cpu, Endpoint.PROXY, idle);
                double js = ownJvm(cpu, Endpoint.SPREAD, idle);
                cpuTable.add(String.format("| %s | %d | %.1f | %.1f | %.1f | %.2f | %.1f | %.1f | %.1f | %.1f |", test, n,
                        jr, jp, js, jp / jr, servers(cpu, Endpoint.DIRECT), servers(cpu, Endpoint.RELAY),
                        servers(cpu, Endpoint.PROXY), servers(cpu, Endpoint.SPREAD)));
            }
        }
        System.out.println();
        System.out.println("Medians of the rounds (qps), and medians of the per-round ratios:");
        table.forEach(System.out::println);
        System.out.println();
        System.out.println("CPU per query in µs, medians of the rounds (JVM: the relay's or proxy's own, without the JVM's"
                + " idle rate measured during direct; servers: every mariadbd of the cluster):");
        cpuTable.forEach(System.out::println);
    }

    private static double ownJvm(Map<Endpoint, List<CpuMeter.Usage>> cpu, Endpoint e, double idleMicrosPerSecond) {
        List<Double> own = new ArrayList<>();
        for (CpuMeter.Usage u : cpu.get(e)) {
            // The idle rate over the same wall-clock window the CPU was read over (sysbench's start-up included).
            own.add(u.jvmMicrosPerQuery() - idleMicrosPerSecond / u.queriesPerSecond());
        }
        return Medians.of(own);
    }

    private static double servers(Map<Endpoint, List<CpuMeter.Usage>> cpu, Endpoint e) {
        return Medians.of(cpu.get(e).stream().map(CpuMeter.Usage::serverMicrosPerQuery).toList());
    }

    private static double medianRatio(Map<Endpoint, List<Double>> qps, Endpoint num, Endpoint den) {
        return Medians.of(Medians.ratios(qps.get(num), qps.get(den)));
    }

    private static String perRound(Map<Endpoint, List<Double>> qps, Endpoint e) {
        return String.join(", ", Medians.ratios(qps.get(e), qps.get(Endpoint.RELAY)).stream()
                .map(x -> String.format("%.2f", x)).toList());
    }

    /** A rules file that keeps every read of {@code user} on {@code follower} (writes still go to the leader). */
    private static Path sameFollowerRules(Path dir, String user, String follower) throws IOException {
        Path file = dir.resolve("bench-proxy-rules.properties");
        Files.writeString(file, "rule.bench-follower.user=" + user + "\nrule.bench-follower.target=" + follower + "\n");
        return file;
    }

    /** A proxy's routing counters (SHOW FLOTILLA STATUS), so a run shows where the proxy's reads went and how. */
    private static void printRouting(String name, ClusterConfig cfg, int port) {
        String url = "jdbc:mysql://127.0.0.1:" + port + "/" + cfg.database() + "?useSSL=false&allowPublicKeyRetrieval=true";
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, cfg.user(), cfg.password());
                java.sql.Statement st = c.createStatement();
                java.sql.ResultSet rs = st.executeQuery("SHOW FLOTILLA STATUS")) {
            StringBuilder line = new StringBuilder(name + " routing counters:");
            while (rs.next()) {
                if (rs.getString(1).startsWith("routing.")) {
                    line.append(' ').append(rs.getString(1).substring("routing.".length())).append('=').append(rs.getString(2));
                } else if (rs.getString(1).startsWith("proxy.spin.")) {
                    line.append(' ').append(rs.getString(1)).append('=').append(rs.getString(2));
                }
            }
            System.out.println(line);
        } catch (java.sql.SQLException e) {
            System.out.println(name + " routing counters: unavailable (" + e.getMessage() + ")");
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
}
