package io.flotilla.routing.sql;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** Lexical analysis for everything, with Calcite's more exact table set for SELECTs that Calcite can parse. */
public final class CompositeAnalyzer implements StatementAnalyzer {

    private final StatementAnalyzer lexical;
    private final CalciteTableExtractor calcite;

    public CompositeAnalyzer() {
        this(new LexicalAnalyzer(), new CalciteTableExtractor());
    }

    public CompositeAnalyzer(StatementAnalyzer lexical, CalciteTableExtractor calcite) {
        this.lexical = Objects.requireNonNull(lexical, "lexical");
        this.calcite = Objects.requireNonNull(calcite, "calcite");
    }

    @Override
    public StatementInfo analyze(String sql) {
        StatementInfo info = lexical.analyze(sql);
        if (info.kind() != StatementKind.SELECT) {
            return info;
        }
        Optional<Set<String>> exact = calcite.extract(sql);
        return exact.map(info::withTables).orElse(info);
    }
}
