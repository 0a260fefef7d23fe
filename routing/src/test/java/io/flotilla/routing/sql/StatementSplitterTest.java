package io.flotilla.routing.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Multi-statement texts split at top-level semicolons only. */
class StatementSplitterTest {

    @Test
    void splitsAtTopLevelSemicolons() {
        assertThat(StatementSplitter.split("SELECT 1; INSERT INTO t VALUES (';'); SELECT `a;b` FROM t"))
                .containsExactly("SELECT 1", "INSERT INTO t VALUES (';')", "SELECT `a;b` FROM t");
    }

    @Test
    void keepsCommentsWithTheirStatementAndDropsEmptyPieces() {
        assertThat(StatementSplitter.split("SELECT 1;; /* flotilla:leader */ SELECT 2; -- done\n"))
                .containsExactly("SELECT 1", "/* flotilla:leader */ SELECT 2");
        assertThat(StatementSplitter.split("SELECT 'a;' /* ; */ # ;\n FROM dual;")).containsExactly("SELECT 'a;' /* ; */ # ;\n FROM dual");
    }

    @Test
    void singleStatementsAndBlanks() {
        assertThat(StatementSplitter.split("SELECT 1")).containsExactly("SELECT 1");
        assertThat(StatementSplitter.split("  ")).isEmpty();
        assertThat(StatementSplitter.split(" ; ;")).isEmpty();
        assertThat(StatementSplitter.split("SELECT \"x;\" FROM t WHERE a = 'it''s;'")).hasSize(1);
    }
}
