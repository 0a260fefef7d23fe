package io.flotilla.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.examples.spring.jdbc.NoteService;
import io.flotilla.examples.spring.jdbc.NotesApplication;
import io.flotilla.jdbc.FlotillaConnection;
import io.flotilla.replicator.TestClusters;
import io.flotilla.replicator.cluster.FlotillaCluster;
import java.sql.Connection;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The JdbcTemplate application, unchanged but for its URL, on a real embedded cluster whose follower n3 applies the
 * log 300 ms late: the case where a read on the wrong follower is visibly stale.
 */
@SpringBootTest(classes = NotesApplication.class, properties = "notes.demo=false")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class NotesApplicationTest {

    static final int ROUNDS = 30;
    static FlotillaCluster cluster;

    @DynamicPropertySource
    static void flotilla(DynamicPropertyRegistry registry) throws Exception {
        cluster = TestClusters.start(3, Map.of("replication.apply-delay.n3", "300"));
        cluster.startReplication();
        registry.add("spring.datasource.url",
                () -> "jdbc:flotilla://" + cluster.config().nodes().get(cluster.leader()) + "/app");
    }

    @AfterAll
    static void down() {
        cluster.close();
    }

    @Autowired NoteService notes;
    @Autowired DataSource dataSource;
    @Autowired PlatformTransactionManager txManager;

    @BeforeEach
    void freshUnitOfWork() {
        ConsistencyTokens.clear();
    }

    @Test
    void theSchemaScriptRanThroughTheDriverAndAWriteReadsBack() {
        long id = notes.add("first");
        assertThat(notes.find(id)).contains("first");
    }

    @Test
    void aWriteIsVisibleToTheNextReadOnlyCallOfTheSameUnitOfWork() {
        // The same thread is one unit of work: TokenCarryingDataSource passes the token from call to call, whichever
        // pooled connection each call gets.
        int stale = 0;
        for (int i = 0; i < ROUNDS; i++) {
            long id = notes.add("v" + i);
            notes.rename(id, "w" + i);
            if (!notes.find(id).equals(Optional.of("w" + i))) {
                stale++;
            }
        }
        assertThat(stale).as("stale read-only reads right after a write").isZero();
    }

    @Test
    void readOnlyTransactionsAreServedByFollowers() throws Exception {
        long id = notes.add("for followers");
        assertThat(cluster.awaitCaughtUp(10_000)).isTrue();
        Map<String, Long> before = metrics();
        for (int i = 0; i < 50; i++) {
            assertThat(notes.find(id)).contains("for followers");
        }
        Map<String, Long> after = metrics();
        System.out.println("routing of 50 read-only calls: " + delta(before, after));
        assertThat(delta(before, after).getOrDefault("target.follower", 0L)).isGreaterThanOrEqualTo(50);
        assertThat(delta(before, after).getOrDefault("target.leader", 0L)).isZero();
    }

    /**
     * Forces the read onto another pooled connection than the write (the writer's is held meanwhile), once without a
     * token (a new unit of work that was not given one) and once with it.
     */
    @Test
    void acrossPooledConnectionsOnlyTheTokenGuaranteesReadYourWrites() throws Exception {
        int[] untokened = crossConnectionRounds(false);
        int[] tokened = crossConnectionRounds(true);
        System.out.printf("cross-connection reads, n3 300 ms behind: without token %d stale of %d; with token %d stale of %d%n",
                untokened[0], untokened[1], tokened[0], tokened[1]);
        assertThat(tokened[1]).as("rounds where the read really used another connection").isGreaterThan(ROUNDS / 2);
        assertThat(tokened[0]).as("stale reads with the token").isZero();
        // Without the token a pooled connection that never saw the write may pick n3, which is 300 ms behind.
        assertThat(untokened[0]).as("stale reads without the token (expected: round-robin sends some to n3)").isPositive();
    }

    /** Returns {stale reads, rounds where reader and writer were different physical connections}. */
    private int[] crossConnectionRounds(boolean carryToken) throws Exception {
        TransactionTemplate rw = new TransactionTemplate(txManager);
        TransactionTemplate ro = new TransactionTemplate(txManager);
        ro.setReadOnly(true);
        int stale = 0;
        int crossed = 0;
        for (int i = 0; i < ROUNDS; i++) {
            ConsistencyTokens.clear();
            String text = (carryToken ? "t" : "u") + i;
            FlotillaConnection[] writer = new FlotillaConnection[1];
            long id = rw.execute(s -> {
                writer[0] = physical();
                return notes.add(text);
            });
            String token = ConsistencyTokens.get();
            if (!carryToken) {
                ConsistencyTokens.clear();
            }
            // The pool gives a thread back the connection it returned last: hold it so the read needs another one.
            try (Connection held = dataSource.getConnection()) {
                ConsistencyTokens.set(carryToken ? token : null);
                FlotillaConnection[] reader = new FlotillaConnection[1];
                Optional<String> read = ro.execute(s -> {
                    reader[0] = physical();
                    return notes.find(id);
                });
                if (reader[0] != writer[0]) {
                    crossed++;
                    if (!read.equals(Optional.of(text))) {
                        stale++;
                    }
                }
            }
        }
        return new int[] {stale, crossed};
    }

    /** The Flotilla connection behind the pooled connection bound to the current Spring transaction. */
    private FlotillaConnection physical() {
        try {
            return DataSourceUtils.getConnection(dataSource).unwrap(FlotillaConnection.class);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Long> metrics() throws Exception {
        try (Connection c = dataSource.getConnection()) {
            return c.unwrap(FlotillaConnection.class).routingMetrics();
        }
    }

    private static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> d = new java.util.TreeMap<>();
        after.forEach((k, v) -> {
            if (v - before.getOrDefault(k, 0L) != 0) {
                d.put(k, v - before.getOrDefault(k, 0L));
            }
        });
        return d;
    }
}
