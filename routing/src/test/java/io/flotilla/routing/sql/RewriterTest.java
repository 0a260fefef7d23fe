package io.flotilla.routing.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

/** Rewriter output for fixed values. */
class RewriterTest {

    /** Fixed values so the expected text is exact. */
    private static final NondeterministicValues FIXED = new NondeterministicValues() {
        @Override
        public String uuid() {
            return "6ccd780c-baba-1026-9564-5b8c656024db";
        }

        @Override
        public long uuidShort() {
            return 92395783831158784L;
        }

        @Override
        public LocalDateTime sysdate() {
            return LocalDateTime.of(2024, 3, 9, 7, 5, 2, 123_456_789);
        }

        @Override
        public long lastInsertId() {
            return 42;
        }
    };

    private final LexicalAnalyzer analyzer = new LexicalAnalyzer();

    @Test
    void replacesEveryCallWithALiteral() {
        StatementInfo info = analyzer.analyze(
                "INSERT INTO t VALUES (UUID(), UUID_SHORT(), SYSDATE(), SYSDATE(3), SYSDATE(6), LAST_INSERT_ID(), LAST_INSERT_ID(9))");
        assertThat(Rewriter.apply(info, FIXED)).isEqualTo("INSERT INTO t VALUES ('6ccd780c-baba-1026-9564-5b8c656024db', "
                + "92395783831158784, TIMESTAMP'2024-03-09 07:05:02', TIMESTAMP'2024-03-09 07:05:02.123', "
                + "TIMESTAMP'2024-03-09 07:05:02.123456', 42, LAST_INSERT_ID(9))");
    }

    @Test
    void pinnedNowKeepsSysdatePrecisionAsNow() {
        StatementInfo info = analyzer.analyze("INSERT INTO t VALUES (SYSDATE(), SYSDATE(3), UUID())");
        assertThat(Rewriter.apply(info, FIXED, Rewriter.Sysdate.PINNED_NOW))
                .isEqualTo("INSERT INTO t VALUES (NOW(0), NOW(3), '6ccd780c-baba-1026-9564-5b8c656024db')");
    }

    @Test
    void keepsCommentsAndSurroundingTextIntact() {
        StatementInfo info = analyzer.analyze("/* flotilla:leader */ UPDATE t SET u = uuid() WHERE note = 'UUID()';");
        assertThat(Rewriter.apply(info, FIXED))
                .isEqualTo("/* flotilla:leader */ UPDATE t SET u = '6ccd780c-baba-1026-9564-5b8c656024db' WHERE note = 'UUID()';");
    }

    @Test
    void noRewritesReturnsSameText() {
        StatementInfo info = analyzer.analyze("UPDATE t SET a = 1");
        assertThat(Rewriter.apply(info, FIXED)).isSameAs(info.sql());
    }

    @Test
    void timestampFormattingTruncatesToPrecision() {
        LocalDateTime t = LocalDateTime.of(2024, 12, 31, 23, 59, 59, 999_999_000);
        assertThat(Rewriter.timestamp(t, 0)).isEqualTo("2024-12-31 23:59:59");
        assertThat(Rewriter.timestamp(t, 1)).isEqualTo("2024-12-31 23:59:59.9");
        assertThat(Rewriter.timestamp(LocalDateTime.of(2024, 1, 1, 0, 0, 0, 5_000), 6)).isEqualTo("2024-01-01 00:00:00.000005");
    }
}
