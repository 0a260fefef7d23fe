package io.flotilla.replicator.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flotilla.replicator.cluster.FlotillaCluster;
import io.flotilla.replicator.log.LoggedSession;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Writers on whichever node leads, a SIGKILL of the leader n1's mariadbd, automatic failover, and n1 restarted: it
 * returns holding acknowledged writes the new leader never got, and is excluded with them reported.
 */
public final class LostWritesScenario implements AutoCloseable {

    private final FlotillaCluster cluster;
    private final LeaderWriters writers;

    /** Creates table {@code t} and starts {@code count} writers on the current leader (they follow a promotion). */
    public LostWritesScenario(FlotillaCluster cluster, int count) throws SQLException {
        this.cluster = cluster;
        try (LoggedSession s = cluster.openSession()) {
            s.execute("CREATE TABLE t (id INT PRIMARY KEY, w INT NOT NULL)", List.of());
        }
        this.writers = new LeaderWriters(cluster, count);
    }

    /** Acknowledged writes so far (on any leader). */
    public long committed() {
        return writers.committed();
    }

    /**
     * Kills n1 under load, waits for the failover, restarts n1 and waits until it is excluded; returns its report
     * after checking that it is fenced (1290 for the application user).
     */
    public DivergenceReport killLeaderAndAwaitExclusion() throws Exception {
        killN1UnderLoadAndAwaitFailover(cluster);
        long before = writers.committed();
        cluster.embeddedNode("n1").start();
        long deadline = System.currentTimeMillis() + 20_000;
        while (cluster.divergenceReports().isEmpty()) {
            assertThat(System.currentTimeMillis()).as("no divergence report for n1").isLessThan(deadline);
            Thread.sleep(50);
        }
        DivergenceReport r = cluster.divergenceReports().get(0);
        assertThat(r.node()).isEqualTo("n1");
        assertThat(r.count()).as("lost writes reported").isPositive();
        assertThat(r.lsns()).allSatisfy(l -> assertThat(l).isGreaterThan(r.startLsn()));
        assertThat(r.lost().get(0).statements().get(0)).startsWith("INSERT INTO t VALUES");
        assertThat(cluster.failoverManager().excluded()).contains("n1");
        try (Connection c = cluster.nodes().app("n1"); Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.executeUpdate("INSERT INTO t VALUES (-1, -1)"))
                    .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(1290));
        }
        // The writers went on against the new leader.
        deadline = System.currentTimeMillis() + 20_000;
        while (writers.committed() <= before) {
            assertThat(System.currentTimeMillis()).as("writes on the new leader").isLessThan(deadline);
            Thread.sleep(20);
        }
        return r;
    }

    /** Lets writers run for 1.5 s, SIGKILLs n1's mariadbd (the leader) and waits until another node leads. */
    static void killN1UnderLoadAndAwaitFailover(FlotillaCluster cluster) throws Exception {
        Thread.sleep(1500);
        cluster.embeddedNode("n1").kill();
        long killedAt = System.currentTimeMillis();
        while (cluster.leader().equals("n1")) {
            assertThat(System.currentTimeMillis() - killedAt).as("no failover").isLessThan(20_000);
            Thread.sleep(20);
        }
    }

    /** Stops the writers (waits for them). */
    public void stopWriters() throws InterruptedException {
        writers.close();
    }

    @Override
    public void close() throws InterruptedException {
        stopWriters();
    }
}
