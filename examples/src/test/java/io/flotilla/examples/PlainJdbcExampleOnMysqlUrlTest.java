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

/**
 * The "before" of switching to Flotilla: the same example with a {@code jdbc:mysql://} URL (Connector/J, one server).
 * It gets a one-node cluster of its own because writes that bypass the binlog writer must not reach a replicated
 * database that other tests read from followers.
 */
class PlainJdbcExampleOnMysqlUrlTest {

    static FlotillaCluster single;

    @BeforeAll
    static void up() throws Exception {
        single = TestClusters.start(1, Map.of());
    }

    @AfterAll
    static void down() {
        single.close();
    }

    @Test
    void theSameCodeRunsWithAPlainMysqlUrl() throws Exception {
        String server = single.config().nodes().get(single.leader()).toString();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        String text = PlainJdbcExample.run("jdbc:mysql://" + server + "/app?user=app&password=app&useSSL=false&allowPublicKeyRetrieval=true",
                new PrintStream(buf, true, StandardCharsets.UTF_8));

        assertThat(text).startsWith("hello at ");
        assertThat(buf.toString(StandardCharsets.UTF_8)).contains("not a Flotilla connection");
    }
}
