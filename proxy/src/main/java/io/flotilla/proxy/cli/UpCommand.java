package io.flotilla.proxy.cli;

import io.flotilla.proxy.server.ProxyConfig;
import io.flotilla.proxy.server.ProxyServer;
import io.flotilla.replicator.cluster.FlotillaCluster;
import io.flotilla.replicator.config.ClusterConfig;
import java.nio.file.Path;
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
        ConfigFile file = ConfigFile.load(config);
        ClusterConfig cfg = file.cluster();
        cfg.requireEmbeddedDirOutsideTmp("set embedded.dir to a directory outside it (the default .flotilla/data"
                + " next to the configuration, or `./flotilla demo` for a throwaway cluster)");
        ProxyConfig proxyConfig = file.proxy();
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
        cluster.startFailoverManager();
        System.out.printf("flotilla ready: leader %s (epoch %d), followers %s, %s%n",
                cluster.leader(), cluster.epoch(), cluster.followers(), cluster.readSyncState().describe());
        if (file.proxyEnabled()) {
            proxy[0] = new ProxyServer(proxyConfig, cluster::status).start();
            System.out.printf("flotilla proxy ready: mysql -h %s -P %d -u %s%n", proxyConfig.listen().host(), proxy[0].port(),
                    proxyConfig.users().keySet().iterator().next());
        }
        System.out.flush();
        done.await();
        return 0;
    }
}
