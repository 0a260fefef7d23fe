package io.flotilla.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.embedded.LoopbackPorts;
import io.flotilla.replicator.TestClusters;
import io.flotilla.replicator.cluster.FlotillaCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * sysbench oltp_read_write (libmariadb) through the proxy, with server-side prepared statements
 * ({@code --db-ps-mode=auto}) and without ({@code disable}): no errors but InnoDB deadlocks (which sysbench retries),
 * and the followers end up with exactly the leader's tables. Skipped when sysbench is not installed.
 */
class SysbenchThroughProxyTest {
  private static final Path SYSBENCH = Path.of("/usr/bin/sysbench");
  private static final Pattern TRANSACTIONS = Pattern.compile("transactions:\\s+(\\d+)\\s+\\(([\\d.]+) per sec");
  private static final Pattern IGNORED = Pattern.compile("ignored errors:\\s+(\\d+)");
  /** Printed at --verbosity=5 for each error sysbench ignores (and retries). */
  private static final Pattern IGNORED_CODE = Pattern.compile("Ignoring error (\\d+)");

  @ParameterizedTest
  @ValueSource(strings = {"auto", "disable"})
  void oltpReadWriteHasNoErrorsAndFollowersMatchTheLeader(String psMode) throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(SYSBENCH), "sysbench is not installed");
    try (FlotillaCluster cluster = TestClusters.start(3, Map.of())) {
      cluster.startReplication();
      Properties p = new Properties();
      p.setProperty("proxy.listen", "127.0.0.1:" + LoopbackPorts.free());
      try (ProxyServer proxy = new ProxyServer(ProxyConfig.from(p, cluster.config(), null), cluster::status).start()) {
        List<String> common = List.of("oltp_read_write", "--db-driver=mysql", "--mysql-host=127.0.0.1",
            "--mysql-port=" + proxy.port(), "--mysql-user=" + cluster.config().user(),
            "--mysql-password=" + cluster.config().password(), "--mysql-db=" + cluster.config().database(),
            "--mysql-ssl=off", "--tables=2", "--table-size=1000", "--db-ps-mode=" + psMode);
        sysbench(common, "prepare");
        String run = sysbench(common, "--threads=4", "--time=15", "--report-interval=0", "--verbosity=5", "run");
        Matcher tx = TRANSACTIONS.matcher(run);
        assertThat(tx.find()).as(run).isTrue();
        assertThat(Long.parseLong(tx.group(1))).as("transactions").isPositive();
        Matcher ignored = IGNORED.matcher(run);
        assertThat(ignored.find()).as(run).isTrue();
        // Four threads on 1,000-row tables deadlock now and then, as on any InnoDB server; sysbench retries those
        // (its default --mysql-ignore-errors). Anything else, or an error it could not ignore, is a failure.
        List<String> codes = IGNORED_CODE.matcher(run).results().map(m -> m.group(1)).toList();
        // (sysbench folds repeated log lines into "last message repeated n times", so codes are checked, not counted.)
        int ignoredCount = Integer.parseInt(ignored.group(1));
        assertThat(codes.isEmpty()).as("ignored errors in:%n%s", run).isEqualTo(ignoredCount == 0);
        assertThat(codes).as("ignored errors in:%n%s", run).allMatch("1213"::equals);
        System.out.printf("sysbench oltp_read_write --db-ps-mode=%s through the proxy: %s transactions, %s tps,"
            + " %s deadlocks retried%n", psMode, tx.group(1), tx.group(2), ignoredCount);

        assertThat(cluster.awaitCaughtUp(60_000)).isTrue();
        Map<String, Long> leader = cluster.checksums(cluster.leader());
        assertThat(leader).containsKeys("sbtest1", "sbtest2");
        for (String f : cluster.followers()) {
          assertThat(cluster.checksums(f)).as("follower %s", f).isEqualTo(leader);
        }
        sysbench(common, "cleanup");
      }
    }
  }

  /** Runs sysbench with the common options and extra arguments; a non-zero exit fails with its output. */
  private static String sysbench(List<String> common, String... extra) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(SYSBENCH.toString());
    cmd.addAll(common);
    cmd.addAll(List.of(extra));
    Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out = proc.getInputStream().readAllBytes();
    if (!proc.waitFor(120, TimeUnit.SECONDS)) {
      proc.destroyForcibly();
    }
    String text = new String(out, StandardCharsets.UTF_8);
    assertThat(proc.exitValue()).as("sysbench %s:%n%s", String.join(" ", extra), text).isZero();
    return text;
  }
}
