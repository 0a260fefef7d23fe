package io.flotilla.proxy.cli;

import io.flotilla.proxy.server.ProxyConfig;
import io.flotilla.proxy.server.ProxyProperty;
import io.flotilla.proxy.server.ProxyServer;
import io.flotilla.replicator.cluster.FlotillaCluster;
import io.flotilla.replicator.config.ClusterConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Starts what a configuration describes, in the foreground, until SIGTERM or Ctrl-C. */
@Command(name = "up", description = "Start the embedded nodes (if embedded.enabled=true), the replicator, and the MySQL-protocol"
        + " proxy (if proxy.listen is set); prints 'ready'.")
final class UpCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "CONFIG", description = "The properties file.")
    Path config;

    @Override
    public Integer call() throws Exception {
        Properties all = new Properties();
        try (Reader r = Files.newBufferedReader(config)) {
            all.load(r);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read configuration file " + config + " (" + e.getClass().getSimpleName() + ")", e);
        }
        // Proxy keys are validated by the proxy's own key set; the cluster validates the rest.
        Properties[] split = ProxyConfig.split(all);
        Path baseDir = config.toAbsolutePath().getParent();
        ClusterConfig cfg = ClusterConfig.from(split[1], baseDir);
        ProxyConfig proxyConfig = split[0].getProperty(ProxyProperty.LISTEN.key()) == null && split[0].isEmpty()
                ? null : ProxyConfig.from(split[0], cfg, baseDir);
        FlotillaCluster cluster = new FlotillaCluster(cfg);
        CountDownLatch done = new CountDownLatch(1);
        ProxyServer[] proxy = new ProxyServer[1];
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("flotilla: shutting down");
            if (proxy[0] != null) {
                proxy[0].close();
            }
            cluster.close();
            done.countDown();
        }, "flotilla-shutdown"));
        cluster.start();
        cluster.startReplication();
        System.out.printf("flotilla ready: leader %s (epoch %d), followers %s, mode %s%n",
                cluster.leader(), cluster.epoch(), cluster.followers(), cfg.mode());
        if (proxyConfig != null && split[0].getProperty(ProxyProperty.LISTEN.key()) != null) {
            proxy[0] = new ProxyServer(proxyConfig, cluster::status).start();
            System.out.printf("flotilla proxy ready: mysql -h %s -P %d -u %s%n", proxyConfig.listen().host(), proxy[0].port(),
                    proxyConfig.users().keySet().iterator().next());
        }
        System.out.flush();
        done.await();
        return 0;
    }
}
