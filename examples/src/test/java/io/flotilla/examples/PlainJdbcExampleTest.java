package io.flotilla.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.replicator.TestClusters;
import io.flotilla.replicator.cluster.FlotillaCluster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The plain JDBC example, unchanged, against a real embedded cluster: only the URL says "flotilla". */
class PlainJdbcExampleTest {

    static FlotillaCluster cluster;

    @BeforeAll
    static void up() throws Exception {
        cluster = TestClusters.start(3, Map.of());
        cluster.startReplication();
    }

    @AfterAll
    static void down() {
        cluster.close();
    }

    @Test
    void writesThenReadsItsOwnWriteOnAFollower() throws Exception {
        String url = "jdbc:flotilla://" + cluster.config().nodes().get(cluster.leader()) + "/app?user=app&password=app";
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        String text = PlainJdbcExample.run(url, new PrintStream(buf, true, StandardCharsets.UTF_8));
        String out = buf.toString(StandardCharsets.UTF_8);

        assertThat(text).as("the row just written, read back").startsWith("hello at ");
        // The example prints the counters its read moved: a follower served it. (While the read waits for a follower
        // to apply the insert, each re-evaluation is counted too, as reason.no-follower-qualifies / target.leader,
        // so those may appear even though the statement itself ran on the follower.)
        assertThat(out).contains("routing of the read:").contains("target.follower=1");
    }
}
