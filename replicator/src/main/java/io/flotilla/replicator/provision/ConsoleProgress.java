package io.flotilla.replicator.provision;

import java.io.PrintStream;

/** A one-line progress bar with rate and ETA, redrawn in place with carriage returns (for the command line). */
public final class ConsoleProgress implements CopyProgress {

    private static final int WIDTH = 30;

    private final PrintStream out;
    private long estimatedRows;
    private long rows;
    private long bytes;
    private long startedNanos;
    private long lastDrawNanos;
    private String current = "";

    public ConsoleProgress(PrintStream out) {
        this.out = out;
    }

    @Override
    public void start(long estimatedRows, long estimatedBytes) {
        this.estimatedRows = Math.max(1, estimatedRows);
        this.startedNanos = System.nanoTime();
        out.printf("copying about %,d rows (%.1f MiB)%n", estimatedRows, estimatedBytes / 1048576.0);
    }

    @Override
    public void table(String schema, String table) {
        current = schema + "." + table;
        draw(true);
    }

    @Override
    public void advance(long rows, long bytes) {
        this.rows += rows;
        this.bytes += bytes;
        draw(false);
    }

    @Override
    public void done(CopyStats stats) {
        draw(true);
        out.printf("%ncopied %,d rows of %d tables (%.1f MiB) in %.1f s: %,.0f rows/s, %.1f MiB/s%n", stats.rows(), stats.tables(),
                stats.bytes() / 1048576.0, stats.millis() / 1000.0, stats.rowsPerSecond(), stats.mibPerSecond());
        out.flush();
    }

    private void draw(boolean force) {
        long now = System.nanoTime();
        // Redrawing per batch would flood a slow terminal; five times a second is enough to see movement.
        if (!force && now - lastDrawNanos < 200_000_000L) {
            return;
        }
        lastDrawNanos = now;
        // Table statistics are estimates: the bar never claims more than 99% until the copy is done.
        double frac = Math.min(0.99, rows / (double) estimatedRows);
        int filled = (int) (frac * WIDTH);
        double secs = Math.max(1e-3, (now - startedNanos) / 1e9);
        double rate = rows / secs;
        long eta = rate <= 0 ? -1 : (long) (Math.max(0, estimatedRows - rows) / rate);
        out.printf("\r[%s%s] %3d%% %,d rows %,.0f rows/s ETA %s  %-40.40s", "#".repeat(filled), " ".repeat(WIDTH - filled),
                (int) (frac * 100), rows, rate, eta < 0 ? "?" : String.format("%d:%02d", eta / 60, eta % 60), current);
        out.flush();
    }
}
