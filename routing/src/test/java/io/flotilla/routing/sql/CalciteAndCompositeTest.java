package io.flotilla.routing.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** Calcite table extraction and the composite's choice between Calcite and lexical tables. */
class CalciteAndCompositeTest {

    private final CalciteTableExtractor calcite = new CalciteTableExtractor();
    private final CompositeAnalyzer composite = new CompositeAnalyzer();

    @Test
    void calciteExtractsTablesFromJoinsSubqueriesAndCtes() {
        assertThat(calcite.extract("SELECT a.x FROM db.t1 a JOIN t2 b ON a.id = b.id "
                + "WHERE a.y IN (SELECT y FROM t3)")).hasValueSatisfying(
                        t -> assertThat(t).containsExactlyInAnyOrder("db.t1", "t2", "t3"));
        assertThat(calcite.extract("WITH c AS (SELECT * FROM base) SELECT * FROM c, `Other`;"))
                .hasValueSatisfying(t -> assertThat(t).containsExactlyInAnyOrder("base", "other"));
        assertThat(calcite.extract("SELECT * FROM (SELECT id FROM t) d UNION SELECT id FROM u ORDER BY 1"))
                .hasValueSatisfying(t -> assertThat(t).containsExactlyInAnyOrder("t", "u"));
    }

    @Test
    void calciteRejectsMysqlOnlySyntax() {
        assertThat(calcite.extract("SELECT * FROM t WHERE id = 1 LOCK IN SHARE MODE")).isEmpty();
        assertThat(calcite.extract("SELECT /*!40001 SQL_NO_CACHE */ * FROM t")).isEmpty();
        assertThat(calcite.extract("SELECT * FROM t WHERE a = 'x' # trailing")).isEmpty();
    }

    @Test
    void compositeUsesCalciteTablesWhenParsable() {
        String sql = "SELECT * FROM t1 WHERE EXISTS (SELECT 1 FROM t2 WHERE t2.id = t1.id)";
        StatementInfo info = composite.analyze(sql);
        assertThat(info.tables()).containsExactlyInAnyOrder("t1", "t2");
        assertThat(info.kind()).isEqualTo(StatementKind.SELECT);
    }

    @Test
    void compositeReplacesTablesWithCalciteResult() {
        CalciteTableExtractor fixed = new CalciteTableExtractor();
        StatementAnalyzer lexicalWithWrongTables = sql -> new LexicalAnalyzer().analyze(sql).withTables(Set.of("wrong"));
        CompositeAnalyzer c = new CompositeAnalyzer(lexicalWithWrongTables, fixed);
        assertThat(c.analyze("SELECT * FROM right_one").tables()).containsExactly("right_one");
        // Calcite cannot parse this, so the lexical table set is kept
        assertThat(c.analyze("SELECT * FROM right_one LOCK IN SHARE MODE").tables()).containsExactly("wrong");
        // non-SELECT statements never go to Calcite
        assertThat(c.analyze("UPDATE right_one SET a = 1").tables()).containsExactly("wrong");
    }

    @Test
    void compositeKeepsLexicalFlagsForUnparsableStatements() {
        StatementInfo info = composite.analyze("SELECT * FROM t FOR UPDATE SKIP LOCKED");
        assertThat(info.lockingRead()).isTrue();
        assertThat(info.tables()).containsExactly("t");
    }
}
