package io.flotilla.routing.sql;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Best-effort lexical extraction of table names, also marking name tokens so they are not taken for calls. */
final class TableExtractor {

    /** Tables found, and per-token flags for table names and CTE names. */
    record Result(Set<String> tables, boolean[] nameToken) {}

    private static final Set<String> MODIFIERS = Set.of("LOW_PRIORITY", "IGNORE", "QUICK", "DELAYED", "HIGH_PRIORITY",
            "IF", "NOT", "EXISTS", "TEMPORARY", "ONLY");
    private static final Set<String> NOT_TABLE = Set.of("SELECT", "DUAL", "SET", "WHERE", "VALUES", "VALUE", "LATERAL",
            "JSON_TABLE", "WITH", "TABLE", "OUTFILE", "DUMPFILE", "FORMAT", "ANALYZE", "EXTENDED", "PARTITIONS", "FOR");
    private static final Set<String> ALIAS_STOP = Set.of("WHERE", "SET", "ON", "USING", "JOIN", "INNER", "LEFT", "RIGHT",
            "CROSS", "NATURAL", "STRAIGHT_JOIN", "FULL", "OUTER", "GROUP", "ORDER", "LIMIT", "HAVING", "WINDOW",
            "UNION", "EXCEPT", "INTERSECT", "FOR", "LOCK", "INTO", "VALUES", "VALUE", "SELECT", "PARTITION", "USE",
            "FORCE", "IGNORE", "READ", "WRITE", "LOW_PRIORITY", "TO", "AS", "FROM", "RETURNING", "DUPLICATE", "TABLE",
            "WITH", "LIKE", "ADD", "DROP", "MODIFY", "CHANGE", "RENAME", "ALTER", "ENGINE", "DEFAULT", "CHARSET",
            "CHARACTER", "COLLATE", "COMMENT", "AUTO_INCREMENT", "FIELDS", "COLUMNS", "LINES", "OPEN", "CLOSE",
            "CASCADE", "RESTRICT", "WAIT", "NOWAIT", "UPDATE", "DELETE", "CONVERT", "DISCARD", "IMPORT");
    private static final Set<String> FROM_FUNCTIONS = Set.of("EXTRACT", "TRIM", "SUBSTRING", "SUBSTR");

    private final List<Token> t;
    private final KindClassifier.Classification c;
    private final Set<String> tables = new LinkedHashSet<>();
    private final Set<String> cteNames = new LinkedHashSet<>();
    private final boolean[] nameToken;

    private TableExtractor(List<Token> tokens, KindClassifier.Classification classification) {
        this.t = tokens;
        this.c = classification;
        this.nameToken = new boolean[tokens.size()];
    }

    static Result extract(List<Token> tokens, KindClassifier.Classification classification) {
        TableExtractor x = new TableExtractor(tokens, classification);
        x.collectCteNames();
        x.run();
        x.tables.removeAll(x.cteNames);
        return new Result(x.tables, x.nameToken);
    }

    private boolean word(int i, String upper) {
        return i >= 0 && i < t.size() && t.get(i).isWord(upper);
    }

    private boolean punct(int i, char ch) {
        return i >= 0 && i < t.size() && t.get(i).isPunct(ch);
    }

    private static String name(Token tok) {
        return (tok.type() == TokenType.QUOTED_IDENT ? tok.value() : tok.text()).toLowerCase(Locale.ROOT);
    }

    /** WITH [RECURSIVE] name [(cols)] AS (...) [, ...]; validating "AS (" avoids WITH ROLLUP etc. */
    private void collectCteNames() {
        for (int i = 0; i < t.size(); i++) {
            if (!t.get(i).isWord("WITH")) {
                continue;
            }
            int j = word(i + 1, "RECURSIVE") ? i + 2 : i + 1;
            while (j < t.size() && t.get(j).isIdentifier()) {
                int k = j + 1;
                if (punct(k, '(')) {
                    k = skipParens(k);
                }
                if (!word(k, "AS") || !punct(k + 1, '(')) {
                    break;
                }
                nameToken[j] = true;
                cteNames.add(name(t.get(j)));
                k = skipParens(k + 1);
                if (!punct(k, ',')) {
                    break;
                }
                j = k + 1;
            }
        }
    }

    /** Returns the index just after the parenthesis group opening at {@code open}. */
    private int skipParens(int open) {
        int depth = t.get(open).depth();
        for (int j = open + 1; j < t.size(); j++) {
            if (t.get(j).isPunct(')') && t.get(j).depth() == depth) {
                return j + 1;
            }
        }
        return t.size();
    }

    private void run() {
        StatementKind kind = c.kind();
        boolean ddlIndex = kind == StatementKind.DDL && (word(c.main() + 1, "INDEX") || word(c.main() + 2, "INDEX"));
        boolean renameStatement = word(c.main(), "RENAME");
        Deque<Integer> open = new ArrayDeque<>();
        for (int i = 0; i < t.size(); i++) {
            Token tok = t.get(i);
            if (tok.isPunct('(')) {
                open.push(i);
            } else if (tok.isPunct(')') && !open.isEmpty()) {
                open.pop();
            }
            if (!tok.isWord()) {
                continue;
            }
            switch (tok.value()) {
                case "FROM" -> {
                    boolean inFunction = !open.isEmpty() && open.peek() > 0
                            && t.get(open.peek() - 1).isWord() && FROM_FUNCTIONS.contains(t.get(open.peek() - 1).value());
                    if (!inFunction && kind != StatementKind.SHOW) {
                        readList(i + 1);
                    }
                }
                case "JOIN" -> {
                    if (!word(i - 1, "FOR")) { // index hint "FOR JOIN (idx)"
                        readList(i + 1);
                    }
                }
                case "STRAIGHT_JOIN" -> {
                    if (!word(i - 1, "SELECT")) {
                        readList(i + 1);
                    }
                }
                case "UPDATE" -> {
                    if (i == c.main()) {
                        readList(i + 1);
                    }
                }
                case "INTO" -> {
                    if (kind != StatementKind.SELECT && !word(i + 1, "TABLE")) {
                        readList(i + 1);
                    }
                }
                case "INSERT", "REPLACE" -> {
                    if (i == c.main()) {
                        int j = i + 1;
                        while (j < t.size() && t.get(j).isWord() && MODIFIERS.contains(t.get(j).value())) {
                            j++;
                        }
                        if (!word(j, "INTO")) {
                            readList(j);
                        }
                    }
                }
                case "TABLE", "TABLES" -> readList(i + 1);
                case "TRUNCATE", "DESC", "DESCRIBE", "EXPLAIN" -> {
                    if (i == c.main()) {
                        readList(i + 1);
                    }
                }
                case "REFERENCES" -> readList(i + 1);
                case "USING" -> {
                    if (kind == StatementKind.DELETE) {
                        readList(i + 1);
                    }
                }
                case "ON" -> {
                    if (ddlIndex) {
                        readList(i + 1);
                        ddlIndex = false;
                    }
                }
                case "TO" -> {
                    if (renameStatement || word(i - 1, "RENAME")) {
                        readList(i + 1);
                    }
                }
                default -> { }
            }
        }
    }

    /** Reads a comma-separated list of table references starting at {@code j}. */
    private void readList(int j) {
        while (j < t.size()) {
            while (j < t.size() && t.get(j).isWord() && MODIFIERS.contains(t.get(j).value())) {
                j++;
            }
            if (punct(j, '(')) {
                // "(t1, t2)" or "(t1 JOIN t2)" lists tables; "(SELECT ...)" is handled by the main loop
                if (j + 1 < t.size() && t.get(j + 1).isIdentifier() && !NOT_TABLE.contains(t.get(j + 1).value())) {
                    readList(j + 1);
                }
                return;
            }
            if (j >= t.size() || !t.get(j).isIdentifier()
                    || (t.get(j).isWord() && NOT_TABLE.contains(t.get(j).value()))) {
                return;
            }
            String table = name(t.get(j));
            nameToken[j] = true;
            if (punct(j + 1, '.') && j + 2 < t.size() && t.get(j + 2).isIdentifier()) {
                nameToken[j + 2] = true;
                table = table + "." + name(t.get(j + 2));
                j += 3;
            } else {
                j += 1;
            }
            tables.add(table);
            j = skipDecorations(j);
            if (!punct(j, ',')) {
                return;
            }
            j++;
        }
    }

    /** Skips PARTITION (...), an alias, index hints and LOCK TABLES lock types after a table name. */
    private int skipDecorations(int j) {
        if (word(j, "PARTITION") && punct(j + 1, '(')) {
            j = skipParens(j + 1);
        }
        if (word(j, "AS") && j + 1 < t.size() && t.get(j + 1).isIdentifier()) {
            j += 2;
        } else if (j < t.size() && t.get(j).isIdentifier()
                && !(t.get(j).isWord() && ALIAS_STOP.contains(t.get(j).value()))) {
            j += 1;
        }
        while ((word(j, "USE") || word(j, "FORCE") || word(j, "IGNORE")) && (word(j + 1, "INDEX") || word(j + 1, "KEY"))) {
            int k = j + 2;
            while (k < t.size() && !t.get(k).isPunct('(')) {
                k++;
            }
            j = k < t.size() ? skipParens(k) : k;
            if (punct(j, ',') && (word(j + 1, "USE") || word(j + 1, "FORCE") || word(j + 1, "IGNORE"))) {
                j++;
            }
        }
        if (word(j, "READ")) {
            j += word(j + 1, "LOCAL") ? 2 : 1;
        } else if (word(j, "LOW_PRIORITY") && word(j + 1, "WRITE")) {
            j += 2;
        } else if (word(j, "WRITE")) {
            j += 1;
        }
        return j;
    }
}
