package io.flotilla.routing.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cache calls its delegate once per distinct SQL text. */
class CachingAnalyzerTest {

    @Test
    void delegateCalledOncePerDistinctText() {
        List<String> calls = new ArrayList<>();
        LexicalAnalyzer lexical = new LexicalAnalyzer();
        CachingAnalyzer cache = new CachingAnalyzer(sql -> {
            calls.add(sql);
            return lexical.analyze(sql);
        }, 100);

        StatementInfo first = cache.analyze("SELECT * FROM t");
        StatementInfo second = cache.analyze("SELECT * FROM t");
        cache.analyze("SELECT * FROM u");
        cache.analyze("select * from t"); // different text, different entry

        assertThat(second).isSameAs(first);
        assertThat(calls).containsExactly("SELECT * FROM t", "SELECT * FROM u", "select * from t");
        assertThat(first.tables()).containsExactly("t");
    }
}
