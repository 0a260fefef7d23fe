package io.flotilla.proxy.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs the {@code sysbench} binary against one MySQL endpoint and parses its summary. */
public final class Sysbench {

    private static final Pattern QPS = Pattern.compile("queries:\\s+\\d+\\s+\\(([0-9.]+) per sec\\.\\)");
    private static final Pattern QUERIES = Pattern.compile("queries:\\s+(\\d+)\\s+\\(");
    private static final Pattern TPS = Pattern.compile("transactions:\\s+\\d+\\s+\\(([0-9.]+) per sec\\.\\)");
    private static final Pattern ERRORS = Pattern.compile("ignored errors:\\s+(\\d+)");
    private static final Pattern P95 = Pattern.compile("95th percentile:\\s+([0-9.]+)");

    /** Where and as whom sysbench connects, and the table set it uses. */
    public record Target(String host, int port, String user, String password, String database, int tables, int tableSize) {}

    /** One run's summary: throughput, errors, the 95th percentile latency in ms and the number of queries. */
    public record Result(double qps, double tps, long errors, double p95Ms, long queries) {}

    private Sysbench() {}

    /** True when a sysbench binary is on the PATH. */
    public static boolean available() {
        try {
            Process p = new ProcessBuilder("sysbench", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs {@code sysbench TEST COMMAND} (prepare, run, cleanup) and returns its output; fails on a non-zero exit. */
    public static String exec(String test, String command, Target t, int threads, int seconds, List<String> extra)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("sysbench", test, "--db-driver=mysql",
                "--mysql-host=" + t.host(), "--mysql-port=" + t.port(), "--mysql-user=" + t.user(),
                "--mysql-password=" + t.password(), "--mysql-db=" + t.database(), "--mysql-ssl=off",
                "--tables=" + t.tables(), "--table-size=" + t.tableSize(), "--threads=" + threads,
                "--time=" + seconds, "--report-interval=0", "--histogram=off"));
        cmd.addAll(extra);
        cmd.add(command);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(seconds + 600L, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("sysbench " + test + " " + command + " did not finish");
        }
        if (p.exitValue() != 0) {
            throw new IOException("sysbench " + test + " " + command + " failed (exit " + p.exitValue() + "):\n" + out);
        }
        return out;
    }

    /** Parses a {@code run} summary. */
    public static Result parse(String out) {
        return new Result(number(QPS, out), number(TPS, out), (long) number(ERRORS, out), number(P95, out),
                (long) number(QUERIES, out));
    }

    private static double number(Pattern p, String out) {
        Matcher m = p.matcher(out);
        if (!m.find()) {
            throw new IllegalArgumentException("sysbench output lacks " + p.pattern() + ":\n" + out);
        }
        return Double.parseDouble(m.group(1));
    }
}
