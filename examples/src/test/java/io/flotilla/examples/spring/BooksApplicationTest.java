package io.flotilla.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.examples.spring.jpa.BookService;
import io.flotilla.examples.spring.jpa.BooksApplication;
import io.flotilla.jdbc.FlotillaConnection;
import io.flotilla.replicator.TestClusters;
import io.flotilla.replicator.cluster.FlotillaCluster;
import java.sql.Connection;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Spring Data JPA / Hibernate 6 with the MySQL dialect through the Flotilla driver, on a real embedded cluster. */
@SpringBootTest(classes = BooksApplication.class, properties = "books.demo=false")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class BooksApplicationTest {

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

    @Autowired BookService books;
    @Autowired DataSource dataSource;

    @BeforeEach
    void freshUnitOfWork() {
        ConsistencyTokens.clear();
    }

    @Test
    void persistsAnEntityAndReadsItBackInAReadOnlyTransaction() {
        long id = books.add("Designing Data-Intensive Applications");
        assertThat(id).isPositive();
        assertThat(books.title(id)).contains("Designing Data-Intensive Applications");
    }

    @Test
    void updatesThroughDirtyCheckingAreReadBackAtOnce() {
        int stale = 0;
        for (int i = 0; i < 20; i++) {
            long id = books.add("draft " + i);
            books.retitle(id, "final " + i);
            if (!books.title(id).orElse("").equals("final " + i)) {
                stale++;
            }
        }
        assertThat(stale).as("stale read-only reads right after an update").isZero();
        assertThat(books.titlesStartingWith("final ")).hasSize(20);
    }

    @Test
    void readOnlyJpaTransactionsAreServedByFollowers() throws Exception {
        long id = books.add("on a follower");
        assertThat(cluster.awaitCaughtUp(10_000)).isTrue();
        long before = followerReads();
        for (int i = 0; i < 20; i++) {
            assertThat(books.title(id)).contains("on a follower");
        }
        assertThat(followerReads() - before).isGreaterThanOrEqualTo(20);
    }

    private long followerReads() throws Exception {
        try (Connection c = dataSource.getConnection()) {
            return c.unwrap(FlotillaConnection.class).routingMetrics().getOrDefault("target.follower", 0L);
        }
    }
}
