package io.flotilla.proxy.cli;

import io.flotilla.proxy.bench.BenchDriverCommand;
import picocli.CommandLine.Command;

/** The top-level command; every action is a subcommand. */
@Command(name = "flotilla", mixinStandardHelpOptions = true, version = "flotilla 0.1.0",
        description = "Leader-follower replication and read routing for MySQL-compatible databases.",
        subcommands = {UpCommand.class, StatusCommand.class, FollowerCommand.class, FailoverCommand.class, SwitchoverCommand.class,
                ReadmitCommand.class, DemoCommand.class, BenchCommand.class, BenchDriverCommand.class, BenchProxyCommand.class, ConfigReferenceCommand.class})
public final class FlotillaCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }
}
