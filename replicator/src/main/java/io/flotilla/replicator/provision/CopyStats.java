package io.flotilla.replicator.provision;

/**
 * What a snapshot copy moved.
 *
 * @param schemas application schemas created
 * @param tables base tables copied
 * @param rows rows copied
 * @param bytes value bytes copied (as sent by the server's text protocol)
 * @param millis wall-clock time of the copy
 */
public record CopyStats(int schemas, int tables, long rows, long bytes, long millis) {

    /** Rows per second, 0 for an instant copy. */
    public double rowsPerSecond() {
        return millis == 0 ? 0 : rows * 1000.0 / millis;
    }

    /** Mebibytes per second. */
    public double mibPerSecond() {
        return millis == 0 ? 0 : bytes / 1048576.0 * 1000.0 / millis;
    }
}
