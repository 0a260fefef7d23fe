package io.flotilla.proxy.bench;

import io.flotilla.routing.sql.CachingAnalyzer;
import io.flotilla.routing.sql.LexicalAnalyzer;
import io.flotilla.routing.sql.StatementInfo;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Statement classification as the driver does it (a {@link CachingAnalyzer} over the {@link LexicalAnalyzer}):
 * a repeated text is a cache hit; a text never seen before (a literal that changes every call) is a miss, which
 * pays for lexing, classification and the cache insert. No database is involved.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ClassifyBenchmark {

    /** Four common statement shapes; {@code {}} is where the miss variant puts a fresh literal. */
    public enum Shape {
        POINT_SELECT("SELECT v FROM bench_kv WHERE id = {}"),
        INSERT_3("INSERT INTO bench_orders (customer_id, item, qty) VALUES ({}, ?, ?)"),
        UPDATE_BY_PK("UPDATE bench_kv SET v = ? WHERE id = {}"),
        SELECT_JOIN("SELECT o.id, o.qty, c.name FROM bench_orders o JOIN bench_customers c ON c.id = o.customer_id"
                + " WHERE o.customer_id = {}");

        final String prefix;
        final String suffix;

        Shape(String template) {
            int slot = template.indexOf("{}");
            prefix = template.substring(0, slot);
            suffix = template.substring(slot + 2);
        }

        String withPlaceholder() {
            return prefix + "?" + suffix;
        }
    }

    @State(Scope.Thread)
    public static class Texts {

        @Param
        public Shape shape;

        CachingAnalyzer analyzer;
        String repeated;
        private long counter;

        @Setup(Level.Trial)
        public void prepare() {
            // The driver's cache size, so the miss path includes eviction once the cache is full.
            analyzer = new CachingAnalyzer(new LexicalAnalyzer(), 10_000);
            repeated = shape.withPlaceholder();
            analyzer.analyze(repeated);
        }

        /** A text the cache has not seen: the counter becomes the literal (the concatenation is part of the cost). */
        String fresh() {
            return shape.prefix + (++counter) + shape.suffix;
        }
    }

    @Benchmark
    public StatementInfo classifyHit(Texts t) {
        return t.analyzer.analyze(t.repeated);
    }

    @Benchmark
    public StatementInfo classifyMiss(Texts t) {
        return t.analyzer.analyze(t.fresh());
    }
}
