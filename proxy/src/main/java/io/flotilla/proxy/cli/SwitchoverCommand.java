package io.flotilla.proxy.cli;

import io.flotilla.replicator.failover.Operator;
import io.flotilla.replicator.failover.PromotionResult;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Hands leadership to a named follower without data loss. */
@Command(name = "switchover", description = "Planned leader change without data loss: set the leader read-only, drain, wait for"
        + " NAME to catch up, promote it (new epoch); the old leader rejoins as a follower.")
final class SwitchoverCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME", description = "The follower to promote.")
    String target;

    @Parameters(index = "1", paramLabel = "CONFIG", description = "The properties file.")
    Path config;

    @Option(names = "--timeout-ms", defaultValue = "30000",
            description = "Give up (and make the leader writable again) if draining and catching up take longer. Default: ${DEFAULT-VALUE}.")
    long timeoutMs;

    @Override
    public Integer call() throws Exception {
        PromotionResult r = new Operator(ConfigFile.load(config).cluster()) /* proxy.* keys may share the file */.switchover(target, timeoutMs);
        FailoverCommand.print(r, System.out);
        return 0;
    }
}
