package io.flotilla.proxy.cli;

import io.flotilla.replicator.cluster.FlotillaCluster;
import io.flotilla.replicator.failover.DivergenceReport;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/** The failover part of {@code flotilla demo}: SIGKILL of the leader under driver writes, promotion, the old leader back. */
final class FailoverDemo {

    private FailoverDemo() {
    }

    /** Runs the section; returns false if the cluster did not fail over. */
    static boolean run(FlotillaCluster c) throws Exception {
        String hosts = c.config().nodes().values().stream().map(Object::toString).collect(Collectors.joining(","));
        String url = "jdbc:flotilla://" + hosts + "/app?user=app&password=app";
        System.out.println();
        System.out.println("9. Failover: the failover manager heartbeats the leader (failover.heartbeat-ms=500, timeout-ms=2000).");
        System.out.println("   A client writes through the driver while the leader's mariadbd gets SIGKILL.");
        c.startFailoverManager();
        String old = c.leader();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong killedAt = new AtomicLong(Long.MAX_VALUE);
        AtomicLong firstAfter = new AtomicLong(Long.MAX_VALUE);
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        Thread writer = new Thread(() -> {
            try (Connection conn = DriverManager.getConnection(url);
                 PreparedStatement ps = conn.prepareStatement("INSERT INTO orders (item, qty) VALUES ('buoy', ?)")) {
                int i = 0;
                while (!stop.get()) {
                    long start = System.currentTimeMillis();
                    try {
                        ps.setInt(1, ++i);
                        ps.executeUpdate();
                        ok.incrementAndGet();
                        if (start > killedAt.get()) {
                            firstAfter.compareAndSet(Long.MAX_VALUE, System.currentTimeMillis());
                        }
                    } catch (SQLException e) {
                        failed.incrementAndGet();
                        Thread.sleep(10);
                    }
                }
            } catch (SQLException | InterruptedException e) {
                failed.incrementAndGet();
            }
        }, "demo-writer");
        writer.start();
        Thread.sleep(700);
        long sent = System.currentTimeMillis();
        c.embeddedNode(old).kill();
        killedAt.set(System.currentTimeMillis());
        System.out.printf("   SIGKILL %s (after %d acknowledged writes)%n", old, ok.get());
        long deadline = System.currentTimeMillis() + 20_000;
        while (firstAfter.get() == Long.MAX_VALUE && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        stop.set(true);
        writer.join();
        if (c.leader().equals(old) || firstAfter.get() == Long.MAX_VALUE) {
            System.out.println("   no failover happened within 20 s");
            return false;
        }
        System.out.printf("   %s promoted (highest applied LSN) with epoch %d; the driver's first write on it succeeded %d ms after the kill;%n",
                c.leader(), c.epoch(), firstAfter.get() - sent);
        System.out.printf("   %d writes failed meanwhile with SQLState 08xxx (outcome unknown: never retried silently).%n", failed.get());
        System.out.printf("   %s comes back: it starts read-only and is compared with the new epoch's log…%n", old);
        c.embeddedNode(old).start();
        deadline = System.currentTimeMillis() + 20_000;
        while (c.divergenceReports().isEmpty() && !c.followers().contains(old) && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        if (!c.divergenceReports().isEmpty()) {
            DivergenceReport d = c.divergenceReports().get(0);
            System.out.printf("   LOST WRITES: %s; it stays excluded until rebuilt:%n%s%n", d.summary(), d.details());
        } else {
            System.out.printf("   %s held nothing the new leader lacks: it rejoined as a follower of %s.%n", old, c.leader());
        }
        try (Connection app = c.nodes().app(old); java.sql.Statement st = app.createStatement()) {
            st.executeUpdate("INSERT INTO orders (item, qty) VALUES ('x', 1)");
            System.out.printf("   INSERT directly on %s succeeded (unexpected)%n", old);
        } catch (SQLException e) {
            System.out.printf("   INSERT directly on %s -> error %d (it accepts no write)%n", old, e.getErrorCode());
        }
        c.awaitCaughtUp(10_000);
        StatusCommand.print(c.status(), System.out);
        return true;
    }
}
