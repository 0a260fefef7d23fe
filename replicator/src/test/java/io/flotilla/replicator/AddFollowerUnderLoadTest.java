package io.flotilla.replicator;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.replicator.cluster.FlotillaCluster;
import io.flotilla.replicator.log.LoggedSession;
import io.flotilla.replicator.provision.CopyProgress;
import io.flotilla.replicator.provision.ProvisionResult;
import io.flotilla.routing.config.HostPort;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Followers added (or rebuilt) from a snapshot while writers keep writing converge to the leader's checksums. */
class AddFollowerUnderLoadTest {

    static FlotillaCluster cluster;

    @BeforeAll
    static void up() throws Exception {
        cluster = TestClusters.start(2, Map.of());
        cluster.startReplication();
        try (LoggedSession s = cluster.openSession()) {
            // Types whose text form must survive the copy byte for byte; a generated column is computed again.
            s.execute("CREATE TABLE big (id INT PRIMARY KEY, name VARCHAR(200), price DECIMAL(12,3), ratio DOUBLE,"
                    + " at DATETIME(6), raw VARBINARY(32), latin VARCHAR(20) CHARACTER SET latin1, flag BIT(3),"
                    + " doubled INT AS (id * 2) STORED, note TEXT NULL)", List.of());
            s.execute("CREATE TABLE acc (id INT PRIMARY KEY, n BIGINT NOT NULL)", List.of());
            s.execute("CREATE TABLE hist (id BIGINT AUTO_INCREMENT PRIMARY KEY, acc INT, at DATETIME(6))", List.of());
            s.execute("CREATE VIEW rich AS SELECT id, n FROM acc WHERE n > 10", List.of());
            for (int i = 0; i < 20; i++) {
                s.execute("INSERT INTO acc VALUES (?, 0)", List.of(i));
            }
            for (int b = 0; b < 40; b++) {
                StringBuilder sql = new StringBuilder("INSERT INTO big (id, name, price, ratio, at, raw, latin, flag, note) VALUES ");
                for (int i = 0; i < 1000; i++) {
                    int id = b * 1000 + i;
                    sql.append(i == 0 ? "" : ",").append('(').append(id).append(", 'name-").append(id).append(" é€ ").append("x".repeat(id % 50))
                            .append("', ").append(id).append(".125, ").append(id / 7.0).append(", '2024-01-02 03:04:05.").append(String.format("%06d", id))
                            .append("', UNHEX('").append(String.format("%08X", id * 2654435761L & 0xffffffffL)).append("00FF'), 'caf\u00e9', b'101', ")
                            .append(id % 3 == 0 ? "NULL" : "'n'").append(')');
                }
                s.execute(sql.toString(), List.of());
            }
        }
    }

    @AfterAll
    static void down() {
        cluster.close();
    }

    /** Writers that keep changing every table until stopped; increments make a lost or repeated entry visible. */
    private static List<Thread> load(AtomicBoolean stop, AtomicLong writes, AtomicReference<Throwable> failure) {
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            int seed = w;
            Thread t = new Thread(() -> {
                try (LoggedSession s = cluster.openSession()) {
                    int i = seed;
                    while (!stop.get()) {
                        s.execute("UPDATE acc SET n = n + 1 WHERE id = ?", List.of(i % 20));
                        s.execute("INSERT INTO hist (acc, at) VALUES (?, NOW(6))", List.of(i % 20));
                        s.execute("UPDATE big SET ratio = ratio + 1, name = CONCAT(name, '+') WHERE id = ?", List.of((i * 7919) % 40_000));
                        writes.addAndGet(3);
                        i += 3;
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            t.start();
            threads.add(t);
        }
        return threads;
    }

    @Test
    void followerAddedDuringWritesConvergesAndJoinsRoutingOnlyWhenCaughtUp() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong writes = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> writers = load(stop, writes, failure);
        Thread.sleep(300);
        long before = writes.get();
        ProvisionResult r = cluster.addFollower("n3", new HostPort("127.0.0.1", TestClusters.freePort()), CopyProgress.quiet());
        // Listed for discovery but not routed while catching up: the driver reads only 'active' members.
        String state = memberState("n3");
        assertThat(state).isIn("provisioning", "active");
        assertThat(cluster.awaitActive("n3", 60_000)).isTrue();
        Thread.sleep(300);
        stop.set(true);
        for (Thread t : writers) {
            t.join();
        }
        assertThat(failure.get()).isNull();
        assertThat(writes.get()).as("writes continued during the copy").isGreaterThan(before + 30);
        assertThat(r.copy().rows()).isGreaterThanOrEqualTo(40_000);
        System.out.printf("provisioned n3 at LSN %d: %,d rows, %.1f MiB in %d ms (%,.0f rows/s, %.1f MiB/s), %d late entries, %d writes during the test%n",
                r.lsn(), r.copy().rows(), r.copy().bytes() / 1048576.0, r.copy().millis(), r.copy().rowsPerSecond(), r.copy().mibPerSecond(),
                r.lateEntries(), writes.get());
        assertThat(cluster.awaitCaughtUp(60_000)).isTrue();
        Map<String, Long> leader = cluster.checksums(cluster.leader());
        assertThat(leader).containsKeys("big", "acc", "hist");
        assertThat(cluster.checksums("n3")).isEqualTo(leader);
        assertThat(cluster.checksums("n2")).isEqualTo(leader);
        try (Connection c = cluster.nodes().app("n3"); ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM rich")) {
            rs.next();
            assertThat(rs.getLong(1)).as("the view was copied").isPositive();
        }
    }

    @Test
    void rebuiltFollowerConvergesUnderWrites() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong writes = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> writers = load(stop, writes, failure);
        Thread.sleep(200);
        // Damage n2 behind Flotilla's back: a rebuild must not keep anything of its old data.
        try (Connection c = cluster.nodes().replicator("n2")) {
            c.createStatement().execute("DELETE FROM app.big WHERE id < 100");
        }
        cluster.rebuildFollower("n2", CopyProgress.quiet());
        assertThat(cluster.awaitActive("n2", 60_000)).isTrue();
        stop.set(true);
        for (Thread t : writers) {
            t.join();
        }
        assertThat(failure.get()).isNull();
        assertThat(cluster.awaitCaughtUp(60_000)).isTrue();
        assertThat(cluster.checksums("n2")).isEqualTo(cluster.checksums(cluster.leader()));
    }

    private static String memberState(String name) throws Exception {
        try (Connection c = cluster.nodes().replicator(cluster.leader());
             ResultSet rs = c.createStatement().executeQuery("SELECT state FROM flotilla.nodes WHERE name = '" + name + "'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
