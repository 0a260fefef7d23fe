package io.flotilla.proxy.cli;

import io.flotilla.replicator.cluster.FollowerProvisioning;
import io.flotilla.replicator.config.ClusterConfig;
import io.flotilla.replicator.failover.Operator;
import io.flotilla.replicator.failover.Rejoin;
import io.flotilla.replicator.provision.ConsoleProgress;
import io.flotilla.replicator.provision.ProvisionResult;
import io.flotilla.routing.config.HostPort;
import io.flotilla.routing.config.TypedConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Membership commands: {@code follower add}, {@code follower rebuild}. */
@Command(name = "follower", description = "Manage followers.", subcommands = {FollowerCommand.Add.class, FollowerCommand.Rebuild.class})
final class FollowerCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /** Adds a follower from a consistent leader snapshot while writes continue. */
    @Command(name = "add", description = "Copy a consistent snapshot of the leader to a new node (progress and ETA on stderr);"
            + " the running 'flotilla up' then catches it up and routes reads to it once it is caught up.")
    static final class Add implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "NAME=HOST:PORT", description = "The new node, e.g. n4=127.0.0.1:3404.")
        String node;

        @Parameters(index = "1", paramLabel = "CONFIG", description = "The cluster's properties file.")
        Path config;

        @Override
        public Integer call() throws Exception {
            Map<String, HostPort> parsed = TypedConfig.parseNodes("NAME=HOST:PORT", node);
            if (parsed.size() != 1) {
                throw new IllegalArgumentException("give exactly one NAME=HOST:PORT, not '" + node + "'");
            }
            var e = parsed.entrySet().iterator().next();
            ClusterConfig cfg = ConfigFile.load(config).cluster(); // proxy.* keys may share the file
            ProvisionResult r = FollowerProvisioning.addFromOutside(cfg, e.getKey(), e.getValue(), new ConsoleProgress(System.err));
            System.out.printf("%s provisioned at LSN %d (%d entries in flight at the snapshot applied after the copy);"
                    + " listed as provisioning: the running replicator catches it up and then routes reads to it%n",
                    e.getKey(), r.lsn(), r.lateEntries());
            return 0;
        }
    }

    /** Rebuilds an excluded node (an old leader holding lost writes) from a leader snapshot so that it rejoins. */
    @Command(name = "rebuild", description = "Rebuild the excluded node NAME (a returned old leader holding lost writes) from a"
            + " consistent snapshot of the current leader: its lost writes are printed and archived in flotilla.lost_writes on"
            + " every reachable node, its data and log copy are replaced by the copy, and its exclusion is lifted; the running"
            + " 'flotilla up' then lets it follow and routes reads to it once it is caught up.")
    static final class Rebuild implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "NAME", description = "The excluded node, e.g. n1.")
        String node;

        @Parameters(index = "1", paramLabel = "CONFIG", description = "The cluster's properties file.")
        Path config;

        @Override
        public Integer call() throws Exception {
            Operator operator = new Operator(ConfigFile.load(config).cluster()); // proxy.* keys may share the file
            Rejoin.Result r = operator.rebuild(node, new ConsoleProgress(System.err), report -> {
                System.out.println("LOST WRITES (archived in flotilla.lost_writes before the rebuild): " + report.summary());
                System.out.println(report.details());
            });
            if (r.archived().isEmpty()) {
                System.out.println(node + " held no write the cluster lost (nothing to archive)");
            }
            System.out.printf("%s rebuilt at LSN %d (%d entries in flight at the snapshot applied after the copy); exclusion"
                    + " lifted: the running replicator lets it follow and routes reads to it once it is caught up%n",
                    node, r.provision().lsn(), r.provision().lateEntries());
            return 0;
        }
    }
}
