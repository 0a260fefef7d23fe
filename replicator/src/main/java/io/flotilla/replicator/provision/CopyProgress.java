package io.flotilla.replicator.provision;

/** Receives the progress of a snapshot copy (a console bar, or nothing in tests). */
public interface CopyProgress {

    /** The copy starts; the totals are estimates from information_schema.TABLES. */
    void start(long estimatedRows, long estimatedBytes);

    /** A table's rows start streaming. */
    void table(String schema, String table);

    /** More rows were written to the new node. */
    void advance(long rows, long bytes);

    /** The copy finished. */
    void done(CopyStats stats);

    /** A progress sink that reports nothing. */
    static CopyProgress quiet() {
        return new CopyProgress() {
            @Override
            public void start(long estimatedRows, long estimatedBytes) {
            }

            @Override
            public void table(String schema, String table) {
            }

            @Override
            public void advance(long rows, long bytes) {
            }

            @Override
            public void done(CopyStats stats) {
            }
        };
    }
}
