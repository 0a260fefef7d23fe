package io.flotilla.proxy.cli;

import io.flotilla.proxy.server.ProxyConfig;
import io.flotilla.replicator.config.ClusterConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * One configuration file as the commands read it: the cluster keys (validated by {@link ClusterConfig}) and the
 * proxy keys (validated by {@link ProxyConfig}; absent when the file sets none).
 */
record ConfigFile(ClusterConfig cluster, ProxyConfig proxy) {

    static ConfigFile load(Path file) {
        Properties all = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            all.load(r);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read configuration file " + file + " (" + e.getClass().getSimpleName() + ")", e);
        }
        Properties[] split = ProxyConfig.split(all);
        Path baseDir = file.toAbsolutePath().getParent();
        ClusterConfig cluster = ClusterConfig.from(split[1], baseDir);
        ProxyConfig proxy = split[0].isEmpty() ? null : ProxyConfig.from(split[0], cluster, baseDir);
        return new ConfigFile(cluster, proxy);
    }

    /** Whether {@code flotilla up} should start the proxy: only when proxy.listen is given. */
    boolean proxyEnabled() {
        return proxy != null && proxy.listenSet();
    }

}
