package io.flotilla.proxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.replicator.TestClusters;
import io.flotilla.replicator.cluster.FlotillaCluster;
import io.flotilla.replicator.failover.Metadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SIGKILL of the {@code flotilla up} process itself (a separate JVM running the appliers and the failover manager)
 * while JDBC clients write through the driver: after restarts, every follower ends identical to the leader and holds
 * exactly the writes the driver acknowledged, and the restarted replicator does not fail over a leader that stayed up.
 */
class ReplicatorProcessKillTest {

    private static final int WRITERS = 4;
    private static final int KILLS = 3;
    /** Each writer numbers its rows from {@code writer * SEQ_SPAN}, so a duplicated or lost row is visible by key. */
    private static final long SEQ_SPAN = 1_000_000_000L;

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void killedReplicatorProcessRestartsWithoutLostOrDuplicatedEntriesAndWithoutFailover() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Path dir = Files.createTempDirectory("flotilla-replkill");
        UpProcess up = null;
        Thread atExit = null;
        // The test JVM starts and bootstraps the nodes but runs no applier: the `up` subprocess manages them as external.
        try (FlotillaCluster cluster = TestClusters.start(3, Map.of())) {
            String leader = cluster.leader();
            long epoch = cluster.epoch();
            Path config = dir.resolve("cluster.properties");
            String nodes = cluster.config().nodes().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
            Files.writeString(config, "cluster.nodes=" + nodes + "\nembedded.enabled=false\n");
            String url = "jdbc:flotilla://" + cluster.config().nodes().values().stream().map(Object::toString).collect(Collectors.joining(","))
                    + "/app?user=app&password=app";
            try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE w (seq BIGINT PRIMARY KEY, writer INT NOT NULL, n INT NOT NULL)");
                st.execute("CREATE TABLE c (writer INT PRIMARY KEY, txns BIGINT NOT NULL)");
                for (int w = 0; w < WRITERS; w++) {
                    st.executeUpdate("INSERT INTO c VALUES (" + w + ", 0)");
                }
            }
            up = new UpProcess(config, dir.resolve("up.log"));
            // If this JVM exits before the finally block runs (e.g. the fork is told to exit), the child goes with it.
            UpProcess child = up;
            atExit = new Thread(() -> child.destroyQuietly());
            Runtime.getRuntime().addShutdownHook(atExit);
            assertThat(up.start()).as("ready line").contains("leader " + leader + " (epoch " + epoch + ")");

            Set<Long> ackedRows = ConcurrentHashMap.newKeySet();
            AtomicLongArray ackedTxns = new AtomicLongArray(WRITERS);
            AtomicLong ackedIncrements = new AtomicLong();
            List<String> errors = new CopyOnWriteArrayList<>();
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                Random r = new Random(seed + w);
                writers.add(new Thread(() -> write(url, writer, r, stop, ackedRows, ackedTxns, ackedIncrements, errors), "writer-" + w));
            }
            writers.forEach(Thread::start);
            try {
                for (int k = 0; k < KILLS; k++) {
                    // Kill only once this incarnation has applied something, at a random moment after that.
                    long applied = cluster.appliedLsn(followerOf(cluster));
                    long until = System.currentTimeMillis() + 30_000;
                    while (cluster.appliedLsn(followerOf(cluster)) <= applied && System.currentTimeMillis() < until) {
                        Thread.sleep(20);
                    }
                    assertThat(cluster.appliedLsn(followerOf(cluster))).as("replicator applies before kill %d", k).isGreaterThan(applied);
                    Thread.sleep(200 + random.nextInt(2_000));
                    String f = followerOf(cluster);
                    long appliedAtKill = cluster.appliedLsn(f);
                    long lag = cluster.leaderHead() - appliedAtKill;
                    int code = up.sigkill();
                    // 128 + 9: the JVM died of SIGKILL, with no shutdown hook run.
                    assertThat(code).as("exit status of the killed replicator (seed %d)", seed).isEqualTo(137);
                    System.out.printf("kill %d: %s was %d entries behind the leader%n", k, f, lag);
                    if (k == 1) {
                        // Once, also kill the next incarnation while it is still starting (bootstrap, appliers starting).
                        // Somewhere in the second half of a start (JVM boot is the first), timed by the previous one.
                        long startMs = up.lastStartMs();
                        up.launch();
                        long killAfter = startMs / 2 + random.nextLong(Math.max(1, startMs / 2));
                        Thread.sleep(killAfter);
                        assertThat(up.sigkill()).isEqualTo(137);
                        System.out.printf("kill %d bis: killed a starting replicator %d ms in (a start takes %d ms; %d ready lines so far)%n",
                                k, killAfter, startMs, up.readyLines().size());
                    }
                    Thread.sleep(random.nextInt(500));
                    assertThat(up.start()).as("ready line after kill %d (seed %d)", k, seed)
                            .contains("leader " + leader + " (epoch " + epoch + ")");
                }
                Thread.sleep(1_000);
            } finally {
                stop.set(true);
                for (Thread t : writers) {
                    t.join(30_000);
                }
            }
            assertThat(errors).as("writer errors (the leader stayed up), seed %d", seed).isEmpty();
            assertThat(ackedRows).hasSizeGreaterThan(100);
            assertThat(cluster.awaitCaughtUp(60_000)).as("followers catch up after the last restart").isTrue();
            System.out.printf("seed %d: %d rows, %d transactions, %d increments acknowledged; log head %d%n", seed, ackedRows.size(),
                    sumOf(ackedTxns), ackedIncrements.get(), cluster.leaderHead());

            long txns = sumOf(ackedTxns);
            Map<String, Long> leaderSums = cluster.checksums(leader);
            for (String node : cluster.config().nodes().keySet()) {
                try (Connection c = cluster.nodes().replicator(node); Statement st = c.createStatement()) {
                    Set<Long> rows = new HashSet<>();
                    long count;
                    try (ResultSet rs = st.executeQuery("SELECT COUNT(*), COALESCE(SUM(n), 0) FROM app.w")) {
                        rs.next();
                        count = rs.getLong(1);
                        assertThat(rs.getLong(2)).as("acknowledged increments on %s", node).isEqualTo(ackedIncrements.get());
                    }
                    try (ResultSet rs = st.executeQuery("SELECT seq FROM app.w")) {
                        while (rs.next()) {
                            rows.add(rs.getLong(1));
                        }
                    }
                    assertThat(count).as("rows on %s (seed %d)", node, seed).isEqualTo(ackedRows.size());
                    assertThat(rows).as("row keys on %s", node).isEqualTo(ackedRows);
                    try (ResultSet rs = st.executeQuery("SELECT SUM(txns) FROM app.c")) {
                        rs.next();
                        assertThat(rs.getLong(1)).as("acknowledged transactions on %s", node).isEqualTo(txns);
                    }
                    // No spurious failover: every node still names the same leader in the same epoch, nobody excluded.
                    assertThat(Metadata.cluster(c)).isEqualTo(new Metadata.ClusterRecord(epoch, leader));
                    assertThat(Metadata.excluded(c)).as("excluded on %s", node).isEmpty();
                }
                assertThat(cluster.checksums(node)).as("checksums of %s", node).isEqualTo(leaderSums);
            }
            assertThat(up.stop()).as("clean stop after SIGTERM").isNotEqualTo(137);
            assertThat(Files.readString(dir.resolve("up.log"))).doesNotContain("failing over");
        } finally {
            if (up != null) {
                up.sigkill();
            }
            if (atExit != null) {
                Runtime.getRuntime().removeShutdownHook(atExit);
            }
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static long sumOf(AtomicLongArray a) {
        long sum = 0;
        for (int i = 0; i < a.length(); i++) {
            sum += a.get(i);
        }
        return sum;
    }

    private static String followerOf(FlotillaCluster cluster) {
        return cluster.followers().get(0);
    }

    /** Cycles through an autocommit insert, a two-row transaction with a counter update, and an autocommit update. */
    private static void write(String url, int writer, Random r, AtomicBoolean stop, Set<Long> ackedRows, AtomicLongArray ackedTxns,
                              AtomicLong ackedIncrements, List<String> errors) {
        long next = writer * SEQ_SPAN;
        List<Long> mine = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement insert = c.prepareStatement("INSERT INTO w VALUES (?, ?, 0)");
             PreparedStatement count = c.prepareStatement("UPDATE c SET txns = txns + 1 WHERE writer = ?");
             PreparedStatement increment = c.prepareStatement("UPDATE w SET n = n + 1 WHERE seq = ?")) {
            for (int i = 0; !stop.get(); i++) {
                switch (i % 3) {
                    case 0 -> {
                        insert.setLong(1, next);
                        insert.setInt(2, writer);
                        insert.executeUpdate();
                        ackedRows.add(next);
                        mine.add(next++);
                    }
                    case 1 -> {
                        c.setAutoCommit(false);
                        for (int j = 0; j < 2; j++) {
                            insert.setLong(1, next + j);
                            insert.setInt(2, writer);
                            insert.executeUpdate();
                        }
                        count.setInt(1, writer);
                        count.executeUpdate();
                        c.commit();
                        c.setAutoCommit(true);
                        for (int j = 0; j < 2; j++) {
                            ackedRows.add(next);
                            mine.add(next++);
                        }
                        ackedTxns.incrementAndGet(writer);
                    }
                    default -> {
                        increment.setLong(1, mine.get(r.nextInt(mine.size())));
                        assertThat(increment.executeUpdate()).isEqualTo(1);
                        ackedIncrements.incrementAndGet();
                    }
                }
            }
        } catch (Exception | AssertionError e) {
            errors.add("writer " + writer + ": " + e);
        }
    }

    /** A {@code flotilla up} JVM started from the test classpath, its output appended to one log file. */
    private static final class UpProcess {

        private final Path config;
        private final Path log;
        private volatile Process process;
        private long lastStartMs;

        UpProcess(Path config, Path log) {
            this.config = config;
            this.log = log;
        }

        /** Starts {@code up} and returns its ready line once printed. */
        String start() throws IOException, InterruptedException {
            long before = readyLines().size();
            long t0 = System.nanoTime();
            launch();
            long deadline = System.currentTimeMillis() + 60_000;
            while (System.currentTimeMillis() < deadline) {
                List<String> ready = readyLines();
                if (ready.size() > before) {
                    lastStartMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                    return ready.get(ready.size() - 1);
                }
                if (!process.isAlive()) {
                    throw new AssertionError("flotilla up exited with " + process.exitValue() + ":\n" + Files.readString(log));
                }
                Thread.sleep(50);
            }
            throw new AssertionError("flotilla up printed no ready line in 60 s:\n" + Files.readString(log));
        }

        /** How long the last {@link #start()} took from launch to its ready line. */
        long lastStartMs() {
            return lastStartMs;
        }

        /** Starts {@code up} without waiting for it. */
        void launch() throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                    Main.class.getName(), "up", config.toString());
            pb.redirectErrorStream(true);
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            process = pb.start();
        }

        private List<String> readyLines() throws IOException {
            if (!Files.exists(log)) {
                return List.of();
            }
            // Only complete lines: the process may be in the middle of printing one.
            String text = Files.readString(log);
            return text.substring(0, text.lastIndexOf('\n') + 1).lines().filter(l -> l.startsWith("flotilla ready:")).toList();
        }

        /** SIGKILL ({@code destroyForcibly} on Linux); returns the exit status, 137 for a process the signal killed. */
        int sigkill() throws InterruptedException {
            if (process == null) {
                return -1;
            }
            process.toHandle().destroyForcibly();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                throw new AssertionError("flotilla up survived SIGKILL");
            }
            return process.exitValue();
        }

        void destroyQuietly() {
            Process p = process;
            if (p != null) {
                p.destroyForcibly();
            }
        }

        /** SIGTERM: the shutdown hook stops the appliers. */
        int stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            return process.exitValue();
        }
    }
}
