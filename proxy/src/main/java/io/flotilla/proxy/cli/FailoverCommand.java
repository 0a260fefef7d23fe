package io.flotilla.proxy.cli;

import io.flotilla.replicator.failover.Operator;
import io.flotilla.replicator.failover.PromotionResult;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Promotes the most advanced follower of a running cluster now, with a new epoch. */
@Command(name = "failover", description = "Promote the follower with the highest applied LSN (new epoch); the old leader is fenced"
        + " read-only if it answers. A running 'flotilla up' re-points its appliers at its next heartbeat.")
final class FailoverCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "CONFIG", description = "The properties file.")
    Path config;

    @Override
    public Integer call() throws Exception {
        PromotionResult r = new Operator(ConfigFile.load(config).cluster()) /* proxy.* keys may share the file */.failover();
        print(r, System.out);
        return 0;
    }

    static void print(PromotionResult r, PrintStream out) {
        out.printf("promoted %s to leader: epoch %d, its log continues after LSN %d (previous leader %s)%n",
                r.leader(), r.epoch(), r.startLsn(), r.previousLeader());
        out.printf("followers: %s%s%n", r.followers(), r.pending().isEmpty() ? "" : "; reconciled when they answer: " + r.pending());
        r.outcomes().forEach(o -> o.report().ifPresentOrElse(
                d -> out.printf("LOST WRITES: %s%n%s%n%s is excluded until rebuilt from a snapshot of %s%n", d.summary(), d.details(),
                        d.node(), r.leader()),
                () -> out.printf("%s %s%n", o.node(), o.rejoined() ? "rejoined as a follower (nothing lost)" : "stays excluded")));
    }
}
