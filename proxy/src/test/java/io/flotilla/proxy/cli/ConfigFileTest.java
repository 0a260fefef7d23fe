package io.flotilla.proxy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A configuration file holds cluster and proxy keys; each set is validated by its own definitions. */
class ConfigFileTest {

    @Test
    void theExampleConfigurationLoadsWithItsProxy() {
        ConfigFile f = ConfigFile.load(Path.of("..", "examples", "cluster.properties"));
        assertThat(f.cluster().nodes()).hasSize(3);
        assertThat(f.proxyEnabled()).isTrue();
        assertThat(f.proxy().listen().port()).isEqualTo(6033);
    }

    @Test
    void withoutProxyKeysThereIsNoProxy(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.properties");
        Files.writeString(file, "cluster.nodes=n1=127.0.0.1:3401\n");
        assertThat(ConfigFile.load(file).proxyEnabled()).isFalse();
        Files.writeString(file, "cluster.nodes=n1=127.0.0.1:3401\nproxy.users=app:x\n");
        assertThat(ConfigFile.load(file).proxyEnabled()).as("proxy keys without proxy.listen").isFalse();
        Files.writeString(file, "cluster.nodes=n1=127.0.0.1:3401\nproxy.lisen=127.0.0.1:1\n");
        assertThatThrownBy(() -> ConfigFile.load(file)).hasMessageContaining("proxy.listen");
    }
}
