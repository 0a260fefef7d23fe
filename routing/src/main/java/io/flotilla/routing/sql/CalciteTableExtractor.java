package io.flotilla.routing.sql;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.calcite.config.Lex;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.SqlWithItem;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.validate.SqlConformanceEnum;

/** Extracts the exact table set of a SELECT from Calcite's AST, when Calcite's MySQL dialect accepts it. */
public final class CalciteTableExtractor {

    private final SqlParser.Config config = SqlParser.config()
            .withConformance(SqlConformanceEnum.MYSQL_5)
            .withLex(Lex.MYSQL);

    /** Lower-case table names ("schema.table" when qualified), or empty when Calcite cannot parse the statement. */
    public Optional<Set<String>> extract(String sql) {
        String text = stripTrailingSemicolons(sql);
        if (text.contains("/*!") || text.contains("/*M!") || text.contains("/*m!")) {
            return Optional.empty(); // Calcite would drop the versioned code as a comment and miss tables
        }
        SqlNode node;
        try {
            node = SqlParser.create(text, config).parseQuery();
        } catch (SqlParseException | RuntimeException e) {
            // Calcite rejects much MySQL syntax; the lexical result is then used instead
            return Optional.empty();
        }
        Walk walk = new Walk();
        walk.query(node);
        walk.tables.removeAll(walk.cteNames);
        return Optional.of(walk.tables);
    }

    private static String stripTrailingSemicolons(String sql) {
        String s = sql.strip();
        while (s.endsWith(";")) {
            s = s.substring(0, s.length() - 1).strip();
        }
        return s;
    }

    /** Per-call traversal state. */
    private static final class Walk {
        final Set<String> tables = new LinkedHashSet<>();
        final Set<String> cteNames = new LinkedHashSet<>();

        /** Visits any node, looking for nested queries. */
        void query(SqlNode node) {
            if (node == null) {
                return;
            }
            if (node instanceof SqlSelect select) {
                from(select.getFrom());
                query(select.getSelectList());
                query(select.getWhere());
                query(select.getGroup());
                query(select.getHaving());
                query(select.getOrderList());
            } else if (node instanceof SqlWith with) {
                for (SqlNode item : with.withList) {
                    SqlWithItem withItem = (SqlWithItem) item;
                    cteNames.add(withItem.name.getSimple().toLowerCase(Locale.ROOT));
                    query(withItem.query);
                }
                query(with.body);
            } else if (node instanceof SqlOrderBy orderBy) {
                query(orderBy.query);
                query(orderBy.orderList);
            } else if (node instanceof SqlNodeList list) {
                list.forEach(this::query);
            } else if (node instanceof SqlCall call) {
                for (SqlNode operand : call.getOperandList()) {
                    query(operand);
                }
            }
        }

        /** Visits a FROM item, where identifiers are table names. */
        void from(SqlNode node) {
            if (node == null) {
                return;
            }
            if (node instanceof SqlIdentifier id) {
                tables.add(String.join(".", id.names).toLowerCase(Locale.ROOT));
            } else if (node instanceof SqlJoin join) {
                from(join.getLeft());
                from(join.getRight());
                query(join.getCondition());
            } else if (node instanceof SqlBasicCall call && call.getKind() == SqlKind.AS) {
                from(call.operand(0));
            } else {
                query(node);
            }
        }
    }
}
