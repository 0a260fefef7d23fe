package io.flotilla.routing.sql;

import java.util.List;
import java.util.Set;

/** Decides a statement's kind and transaction-boundary effects from its leading keywords. */
final class KindClassifier {

    /**
     * Result of classification; {@code main} is the index of the token that starts the main statement
     * (after a WITH clause), or -1 for EMPTY.
     */
    record Classification(StatementKind kind, int main, boolean implicitCommit, boolean temporary,
                          TransactionStart txStart) {}

    private static final Set<String> DDL = Set.of("CREATE", "ALTER", "DROP", "RENAME", "TRUNCATE", "GRANT", "REVOKE");
    private static final Set<String> MAIN_AFTER_WITH =
            Set.of("SELECT", "TABLE", "VALUES", "INSERT", "REPLACE", "UPDATE", "DELETE");
    /** Administrative statements on MySQL's implicit-commit list (kind OTHER). */
    private static final Set<String> ADMIN_COMMIT = Set.of("FLUSH", "RESET", "CACHE", "CHANGE", "STOP", "INSTALL", "UNINSTALL");

    private final List<Token> t;

    private KindClassifier(List<Token> tokens) {
        this.t = tokens;
    }

    static Classification classify(List<Token> tokens) {
        return new KindClassifier(tokens).run();
    }

    private boolean word(int i, String upper) {
        return i >= 0 && i < t.size() && t.get(i).isWord(upper);
    }

    private Classification of(StatementKind kind, int main, boolean implicitCommit) {
        return new Classification(kind, main, implicitCommit, false, null);
    }

    private Classification run() {
        int i = 0;
        while (i < t.size() && t.get(i).isPunct('(')) {
            i++; // "(SELECT ...) UNION ..." is classified by its first keyword
        }
        if (i >= t.size()) {
            return of(StatementKind.EMPTY, -1, false);
        }
        Token first = t.get(i);
        if (!first.isWord()) {
            return of(StatementKind.OTHER, i, false);
        }
        switch (first.value()) {
            case "SELECT", "TABLE", "VALUES":
                return of(StatementKind.SELECT, i, false);
            case "WITH":
                return withClause(i);
            case "INSERT":
                return of(StatementKind.INSERT, i, false);
            case "REPLACE":
                return of(StatementKind.REPLACE, i, false);
            case "UPDATE":
                return of(StatementKind.UPDATE, i, false);
            case "DELETE":
                return of(StatementKind.DELETE, i, false);
            case "LOAD":
                return word(i + 1, "DATA") || word(i + 1, "XML")
                        ? of(StatementKind.LOAD_DATA, i, false)
                        : of(StatementKind.OTHER, i, word(i + 1, "INDEX"));
            case "BEGIN":
                // BEGIN implicitly commits an open transaction (MySQL implicit-commit list)
                return new Classification(StatementKind.BEGIN, i, true, false, TransactionStart.PLAIN);
            case "START":
                return word(i + 1, "TRANSACTION") ? startTransaction(i) : of(StatementKind.OTHER, i, true);
            case "COMMIT":
                return of(StatementKind.COMMIT, i, false);
            case "ROLLBACK": {
                int j = word(i + 1, "WORK") ? i + 2 : i + 1;
                return of(word(j, "TO") ? StatementKind.ROLLBACK_TO_SAVEPOINT : StatementKind.ROLLBACK, i, false);
            }
            case "SAVEPOINT":
                return of(StatementKind.SAVEPOINT, i, false);
            case "RELEASE":
                return of(word(i + 1, "SAVEPOINT") ? StatementKind.RELEASE_SAVEPOINT : StatementKind.OTHER, i, false);
            case "SET":
                return of(StatementKind.SET, i, word(i + 1, "PASSWORD") || enablesAutocommit(i + 1));
            case "USE":
                return of(StatementKind.USE, i, false);
            case "SHOW":
                return of(StatementKind.SHOW, i, false);
            case "DESC", "DESCRIBE", "EXPLAIN":
                return of(StatementKind.EXPLAIN, i, false);
            case "CALL":
                return of(StatementKind.CALL, i, false);
            case "DO":
                return of(StatementKind.DO, i, false);
            case "LOCK":
                return word(i + 1, "TABLES") || word(i + 1, "TABLE")
                        ? of(StatementKind.LOCK_TABLES, i, true) : of(StatementKind.OTHER, i, false);
            case "UNLOCK":
                // conservative: MySQL commits only if tables were locked, which we cannot see here
                return word(i + 1, "TABLES") || word(i + 1, "TABLE")
                        ? of(StatementKind.UNLOCK_TABLES, i, true) : of(StatementKind.OTHER, i, false);
            case "XA":
                return of(StatementKind.XA, i, false);
            case "ANALYZE", "OPTIMIZE", "REPAIR", "CHECK": {
                int j = word(i + 1, "NO_WRITE_TO_BINLOG") || word(i + 1, "LOCAL") ? i + 2 : i + 1;
                return of(StatementKind.OTHER, i, word(j, "TABLE") || word(j, "TABLES"));
            }
            default:
                if (DDL.contains(first.value())) {
                    boolean temporary = isTemporaryTable(i);
                    // CREATE/DROP TEMPORARY TABLE do not commit; everything else DDL does
                    return new Classification(StatementKind.DDL, i, !temporary, temporary, null);
                }
                return of(StatementKind.OTHER, i, ADMIN_COMMIT.contains(first.value()));
        }
    }

    private Classification withClause(int i) {
        int base = t.get(i).depth();
        int fallback = -1;
        for (int j = i + 1; j < t.size(); j++) {
            Token tok = t.get(j);
            if (tok.isWord() && MAIN_AFTER_WITH.contains(tok.value())) {
                if (tok.depth() == base) {
                    return of(mainKind(tok.value()), j, false);
                }
                if (fallback < 0 && tok.depth() == base + 1 && t.get(j - 1).isPunct('(') && !word(j - 2, "AS")) {
                    fallback = j; // "WITH c AS (...) (SELECT ...)" : parenthesised main query
                }
            }
        }
        return fallback >= 0 ? of(mainKind(t.get(fallback).value()), fallback, false) : of(StatementKind.SELECT, i, false);
    }

    private static StatementKind mainKind(String keyword) {
        return switch (keyword) {
            case "INSERT" -> StatementKind.INSERT;
            case "REPLACE" -> StatementKind.REPLACE;
            case "UPDATE" -> StatementKind.UPDATE;
            case "DELETE" -> StatementKind.DELETE;
            default -> StatementKind.SELECT;
        };
    }

    private Classification startTransaction(int i) {
        boolean readOnly = false;
        boolean snapshot = false;
        for (int j = i + 2; j < t.size(); j++) {
            if (word(j, "READ") && word(j + 1, "ONLY")) {
                readOnly = true;
            } else if (word(j, "READ") && word(j + 1, "WRITE")) {
                readOnly = false;
            } else if (word(j, "CONSISTENT") && word(j + 1, "SNAPSHOT")) {
                snapshot = true;
            }
        }
        return new Classification(StatementKind.BEGIN, i, true, false, new TransactionStart(readOnly, snapshot));
    }

    private boolean isTemporaryTable(int i) {
        String lead = t.get(i).value();
        if (!lead.equals("CREATE") && !lead.equals("DROP")) {
            return false;
        }
        int j = i + 1;
        if (word(j, "OR") && word(j + 1, "REPLACE")) {
            j += 2;
        }
        return word(j, "TEMPORARY") && (word(j + 1, "TABLE") || word(j + 1, "TABLES"));
    }

    /** Detects SET [SESSION] autocommit = 1|ON|TRUE, which commits an open transaction. */
    private boolean enablesAutocommit(int from) {
        for (int j = from; j < t.size(); j++) {
            Token tok = t.get(j);
            boolean name = tok.isWord("AUTOCOMMIT")
                    || (tok.type() == TokenType.SYS_VAR && tok.value().toUpperCase(java.util.Locale.ROOT).endsWith("AUTOCOMMIT"));
            if (!name) {
                continue;
            }
            int k = j + 1;
            if (k < t.size() && t.get(k).type() == TokenType.OPERATOR && t.get(k).text().equals(":")) {
                k++;
            }
            if (k < t.size() && t.get(k).text().equals("=") && k + 1 < t.size()) {
                String v = t.get(k + 1).text().toUpperCase(java.util.Locale.ROOT);
                if (v.equals("1") || v.equals("ON") || v.equals("TRUE")) {
                    return true;
                }
            }
        }
        return false;
    }
}
