package io.flotilla.proxy.cli;

import io.flotilla.replicator.cluster.FlotillaCluster;
import io.flotilla.replicator.config.ClusterConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Starts what a configuration describes, in the foreground, until SIGTERM or Ctrl-C. */
@Command(name = "up", description = "Start the embedded nodes (if embedded.enabled=true) and the replicator; prints 'ready'.")
final class UpCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "CONFIG", description = "The properties file.")
    Path config;

    @Override
    public Integer call() throws Exception {
        ClusterConfig cfg = ClusterConfig.load(config);
        FlotillaCluster cluster = new FlotillaCluster(cfg);
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("flotilla: shutting down");
            cluster.close();
            done.countDown();
        }, "flotilla-shutdown"));
        cluster.start();
        cluster.startReplication();
        cluster.startFailoverManager();
        System.out.printf("flotilla ready: leader %s (epoch %d), followers %s, %s%n",
                cluster.leader(), cluster.epoch(), cluster.followers(), cluster.readSyncState().describe());
        System.out.flush();
        done.await();
        return 0;
    }
}
