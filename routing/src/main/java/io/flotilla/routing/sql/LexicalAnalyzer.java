package io.flotilla.routing.sql;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** The fast, complete analyser: classifies any MySQL/MariaDB statement from its tokens alone. */
public final class LexicalAnalyzer implements StatementAnalyzer {

    @Override
    public StatementInfo analyze(String sql) {
        Objects.requireNonNull(sql, "sql");
        SqlLexer.Lexed lexed = SqlLexer.lex(sql);
        List<Token> tokens = withoutTrailingSemicolons(lexed.tokens());
        KindClassifier.Classification c = KindClassifier.classify(tokens);
        StatementKind kind = c.kind();
        TableExtractor.Result tables = TableExtractor.extract(tokens, c);
        boolean write = kind.isDml() || kind == StatementKind.DDL;

        // DDL bodies (defaults, routines, views) are evaluated later or never, so only a CREATE TABLE ... SELECT
        // part is scanned for calls
        int from = kind == StatementKind.DDL ? createTableSelectStart(tokens, c.main()) : 0;
        ExpressionScanner.Result expr = ExpressionScanner.scan(tokens, from, tokens.size(), tables.nameToken(),
                write, kind.isDml());

        Set<Unsafe> unsafe = new LinkedHashSet<>(statementLevelUnsafe(tokens, c));
        if (write) {
            unsafe.addAll(OrderingRules.check(tokens, kind, c.main()));
            unsafe.addAll(expr.unsafe());
        }
        return new StatementInfo(sql, kind, write, c.implicitCommit(), kind == StatementKind.SELECT && lockingRead(tokens),
                expr.usesTime() || kind == StatementKind.DDL, expr.usesRand(), expr.usesLastInsertId(),
                expr.usesLocks(), c.temporary(), tables.tables(), new ArrayList<>(unsafe), expr.rewrites(),
                Hints.parse(lexed.comments()), c.txStart());
    }

    private static List<Token> withoutTrailingSemicolons(List<Token> tokens) {
        int end = tokens.size();
        while (end > 0 && tokens.get(end - 1).isPunct(';')) {
            end--;
        }
        return tokens.subList(0, end);
    }

    private static boolean word(List<Token> t, int i, String upper) {
        return i >= 0 && i < t.size() && t.get(i).isWord(upper);
    }

    /** Index of the SELECT in CREATE [OR REPLACE] [TEMPORARY] TABLE ... [AS] SELECT, else the token count. */
    private static int createTableSelectStart(List<Token> t, int main) {
        if (!word(t, main, "CREATE")) {
            return t.size();
        }
        boolean table = false;
        for (int j = main + 1; j <= main + 4 && j < t.size(); j++) {
            table |= word(t, j, "TABLE");
        }
        if (!table) {
            return t.size();
        }
        for (int j = main + 1; j < t.size(); j++) {
            if (word(t, j, "SELECT") && t.get(j).depth() <= t.get(main).depth() + 1) {
                return j;
            }
        }
        return t.size();
    }

    private static List<Unsafe> statementLevelUnsafe(List<Token> t, KindClassifier.Classification c) {
        int m = c.main();
        List<Unsafe> found = new ArrayList<>();
        switch (c.kind()) {
            case XA -> found.add(new Unsafe(UnsafeKind.XA, m + 1 < t.size() ? "XA " + t.get(m + 1).value() : "XA"));
            case CALL -> found.add(new Unsafe(UnsafeKind.STORED_PROCEDURE_CALL, "CALL " + qualifiedName(t, m + 1)));
            case LOAD_DATA -> found.add(new Unsafe(UnsafeKind.LOAD_DATA, "LOAD " + t.get(m + 1).value()));
            default -> { }
        }
        if (c.temporary()) {
            found.add(new Unsafe(UnsafeKind.TEMPORARY_TABLE, t.get(m).value() + " TEMPORARY TABLE"));
        }
        return found;
    }

    private static String qualifiedName(List<Token> t, int i) {
        StringBuilder name = new StringBuilder();
        while (i < t.size() && t.get(i).isIdentifier()) {
            Token tok = t.get(i);
            name.append(tok.type() == TokenType.QUOTED_IDENT ? tok.value() : tok.text());
            if (i + 2 < t.size() && t.get(i + 1).isPunct('.')) {
                name.append('.');
                i += 2;
            } else {
                break;
            }
        }
        return name.toString();
    }

    /** SELECT ... FOR UPDATE, FOR SHARE or LOCK IN SHARE MODE. */
    private static boolean lockingRead(List<Token> t) {
        for (int i = 0; i + 1 < t.size(); i++) {
            if ((word(t, i, "FOR") && (word(t, i + 1, "UPDATE") || word(t, i + 1, "SHARE")))
                    || (word(t, i, "LOCK") && word(t, i + 1, "IN") && word(t, i + 2, "SHARE"))) {
                return true;
            }
        }
        return false;
    }
}
