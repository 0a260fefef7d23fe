package io.flotilla.replicator;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.replicator.apply.LogReader;
import io.flotilla.replicator.cluster.FlotillaCluster;
import io.flotilla.replicator.log.LogEntry;
import io.flotilla.replicator.log.LoggedSession;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A reader that sees a later LSN before an earlier one commits waits for the earlier one instead of skipping it. */
class LogReaderHoleTest {

    static FlotillaCluster cluster;

    @BeforeAll
    static void up() throws Exception {
        cluster = TestClusters.start(1, Map.of());
        try (LoggedSession s = cluster.openSession()) {
            s.execute("CREATE TABLE h (id INT PRIMARY KEY)", List.of());
        }
    }

    @AfterAll
    static void down() {
        cluster.close();
    }

    @Test
    void waitsForAnUncommittedEarlierLsnAndSkipsARolledBackOne() throws Exception {
        long base = cluster.leaderHead();
        try (var slow = cluster.nodes().app(cluster.leader()); LoggedSession fast = cluster.openSession();
             LogReader reader = new LogReader(cluster.nodes().replicator(cluster.leader()), cluster.nodes().replicator(cluster.leader()))) {
            // A slow writer takes LSN base+1 and does not commit yet.
            slow.setAutoCommit(false);
            try (var ps = slow.prepareStatement("SELECT flotilla.append(1, 1, NULL, ?)")) {
                ps.setBytes(1, io.flotilla.replicator.log.EntryCodec.encode(List.of()));
                ps.executeQuery().close();
            }
            fast.execute("INSERT INTO h VALUES (1)", List.of());
            assertThat(fast.lastLsn()).isEqualTo(base + 2);

            CompletableFuture<List<LogEntry>> read = CompletableFuture.supplyAsync(() -> {
                try {
                    return reader.read(base, 10);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(300);
            assertThat(read).as("reader must wait for LSN %d", base + 1).isNotDone();
            slow.commit();
            List<LogEntry> got = read.get(10, TimeUnit.SECONDS);
            assertThat(got).extracting(LogEntry::lsn).containsExactly(base + 1, base + 2);

            // Now a rolled-back LSN: it is skipped once the later one is visible.
            try (var ps = slow.prepareStatement("SELECT flotilla.append(1, 1, NULL, ?)")) {
                ps.setBytes(1, io.flotilla.replicator.log.EntryCodec.encode(List.of()));
                ps.executeQuery().close();
            }
            slow.rollback();
            fast.execute("INSERT INTO h VALUES (2)", List.of());
            assertThat(reader.read(base + 2, 10)).extracting(LogEntry::lsn).containsExactly(base + 4);
        }
    }
}
