package io.flotilla.proxy.cli;

import io.flotilla.replicator.failover.Operator;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Lifts the exclusion of a node that was rebuilt, so that the failover manager examines it again. */
@Command(name = "readmit", description = "Lift the exclusion of NAME (after rebuilding it by hand; 'follower rebuild' does both). The running"
        + " 'flotilla up' examines it again: it follows only if it holds no write the cluster lost, else it is excluded again.")
final class ReadmitCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME", description = "The excluded node.")
    String node;

    @Parameters(index = "1", paramLabel = "CONFIG", description = "The properties file.")
    Path config;

    @Override
    public Integer call() throws Exception {
        new Operator(ConfigFile.load(config).cluster()) /* proxy.* keys may share the file */.readmit(node);
        System.out.println(node + ": exclusion lifted; 'flotilla status' shows whether it rejoined or was excluded again");
        return 0;
    }
}
