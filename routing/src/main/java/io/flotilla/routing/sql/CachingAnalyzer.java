package io.flotilla.routing.sql;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Objects;

/** Memoises another analyser by exact SQL text, since applications repeat the same statement texts. */
public final class CachingAnalyzer implements StatementAnalyzer {

    private final StatementAnalyzer delegate;
    private final Cache<String, StatementInfo> cache;

    public CachingAnalyzer(StatementAnalyzer delegate, long maxEntries) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        if (maxEntries < 0) {
            throw new IllegalArgumentException("maxEntries must be >= 0: " + maxEntries);
        }
        this.cache = Caffeine.newBuilder().maximumSize(maxEntries).build();
    }

    @Override
    public StatementInfo analyze(String sql) {
        Objects.requireNonNull(sql, "sql");
        return cache.get(sql, delegate::analyze);
    }

    /** Approximate number of cached entries (for metrics). */
    public long estimatedSize() {
        return cache.estimatedSize();
    }
}
