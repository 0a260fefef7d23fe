package io.flotilla.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flotilla.replicator.config.ClusterConfig;
import io.flotilla.routing.config.ConfigException;
import io.flotilla.routing.config.TypedConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Proxy keys: validation with the key in every error, defaults, passwords kept out of messages, and the docs. */
class ProxyConfigTest {

    static ClusterConfig cluster() {
        Properties p = new Properties();
        p.setProperty("cluster.nodes", "n1=127.0.0.1:3401,n2=127.0.0.1:3402");
        p.setProperty("cluster.user", "app");
        p.setProperty("cluster.password", "s3cret");
        return ClusterConfig.from(p, null);
    }

    static ProxyConfig parse(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return ProxyConfig.from(p, cluster(), null);
    }

    @Test
    void defaults() {
        ProxyConfig c = parse("proxy.listen", "127.0.0.1:6033");
        assertThat(c.listen().port()).isEqualTo(6033);
        assertThat(c.users()).containsEntry("app", "s3cret"); // the cluster's application user
        assertThat(c.defaultPlugin()).isEqualTo("mysql_native_password");
        assertThat(c.tlsEnabled()).isFalse();
        assertThat(c.jdbcUrl()).isEqualTo("jdbc:flotilla://127.0.0.1:3401,127.0.0.1:3402/app");
        assertThat(c.connectionProperties("app").getProperty("pool.max-size")).isEqualTo("100");
        assertThat(c.toString()).doesNotContain("s3cret");
        assertThat(c.spinWaitUs()).isZero();
        assertThat(parse("proxy.spin-wait-us", "50").spinWaitUs()).isEqualTo(50);
    }

    @Test
    void usersAndDriverProperties() {
        ProxyConfig c = parse("proxy.users", "app:a:b:c, ro:pw2", "proxy.driver.consistency", "monotonic",
                "proxy.driver.pool.max-size", "7");
        assertThat(c.users()).containsEntry("app", "a:b:c").containsEntry("ro", "pw2");
        Properties p = c.connectionProperties("ro");
        assertThat(p.getProperty("user")).isEqualTo("ro");
        assertThat(p.getProperty("password")).isEqualTo("pw2");
        assertThat(p.getProperty("consistency")).isEqualTo("monotonic");
        assertThat(p.getProperty("pool.max-size")).isEqualTo("7");
        assertThat(c.toString()).doesNotContain("pw2").doesNotContain("a:b:c");
    }

    @Test
    void badValuesNameTheirKeyAndNeverEchoPasswords() {
        assertThatThrownBy(() -> parse("proxy.users", "justapassword")).isInstanceOfSatisfying(ConfigException.class, e -> {
            assertThat(e.key()).isEqualTo("proxy.users");
            assertThat(e.getMessage()).doesNotContain("justapassword");
        });
        assertThatThrownBy(() -> parse("proxy.listne", "127.0.0.1:1")).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.getMessage()).contains("proxy.listen"));
        assertThatThrownBy(() -> parse("proxy.tls.cert", "/x.pem")).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.key()).isEqualTo("proxy.tls.key"));
        assertThatThrownBy(() -> parse("proxy.tls.required", "true")).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.key()).isEqualTo("proxy.tls.required"));
        assertThatThrownBy(() -> parse("proxy.driver.password", "x")).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.key()).isEqualTo("proxy.driver.password"));
        assertThatThrownBy(() -> parse("proxy.driver.nonsense", "x")).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> parse("proxy.max-connections", "0")).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.key()).isEqualTo("proxy.max-connections"));
        assertThatThrownBy(() -> parse("proxy.auth.default-plugin", "sha256_password")).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> parse("proxy.users", "a:1,a:2")).hasMessageContaining("twice");
        assertThatThrownBy(() -> parse("proxy.spin-wait-us", "-1")).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.key()).isEqualTo("proxy.spin-wait-us"));
        assertThatThrownBy(() -> parse("proxy.spin-wait-us", "5000")).hasMessageContaining("between 0");
    }

    @Test
    void splitKeepsProxyKeysAwayFromTheClusterValidation() {
        Properties all = new Properties();
        all.setProperty("cluster.nodes", "n1=127.0.0.1:3401");
        all.setProperty("proxy.listen", "127.0.0.1:6033");
        Properties[] split = ProxyConfig.split(all);
        assertThat(split[0].stringPropertyNames()).containsExactly("proxy.listen");
        assertThat(split[1].stringPropertyNames()).containsExactly("cluster.nodes");
        ClusterConfig.from(split[1], null); // would reject proxy.listen as an unknown key
    }

    @Test
    void docsListEveryProxyKey() throws Exception {
        String reference = TypedConfig.markdownReference(EnumSet.allOf(ProxyProperty.class));
        assertThat(Files.readString(Path.of("..", "docs", "configuration.md")))
                .as("docs/configuration.md is generated by ./flotilla config-reference").contains(reference);
    }
}
