package io.flotilla.routing.sql;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Finds function calls, variables and locking clauses in a token range and derives flags, unsafe constructs and rewrites. */
final class ExpressionScanner {

    /** What the scan found; unsafe and rewrites are empty unless the statement is a write. */
    record Result(boolean usesTime, boolean usesRand, boolean usesLastInsertId, boolean usesLocks,
                  Set<Unsafe> unsafe, List<Rewrite> rewrites) {}

    /** Previous tokens after which an identifier followed by "(" names something other than a function. */
    private static final Set<String> NOT_CALL_AFTER = Set.of("AS", "CALL", "KEY", "INDEX", "CONSTRAINT", "PROCEDURE",
            "FUNCTION", "TRIGGER", "VIEW", "EVENT");

    private final List<Token> t;
    private final boolean[] nameToken;
    private final boolean write;
    private final boolean detectUdf;
    private boolean usesTime;
    private boolean usesRand;
    private boolean usesLastInsertId;
    private boolean usesLocks;
    private final Set<Unsafe> unsafe = new LinkedHashSet<>();
    private final List<Rewrite> rewrites = new ArrayList<>();

    private ExpressionScanner(List<Token> tokens, boolean[] nameToken, boolean write, boolean detectUdf) {
        this.t = tokens;
        this.nameToken = nameToken;
        this.write = write;
        this.detectUdf = detectUdf;
    }

    /**
     * Scans tokens [from, to).
     *
     * @param write     whether unsafe constructs and rewrites should be reported
     * @param detectUdf whether unknown functions count as user-defined (off for DDL)
     */
    static Result scan(List<Token> tokens, int from, int to, boolean[] nameToken, boolean write, boolean detectUdf) {
        ExpressionScanner s = new ExpressionScanner(tokens, nameToken, write, detectUdf);
        for (int i = from; i < to; i++) {
            s.visit(i);
        }
        return new Result(s.usesTime, s.usesRand, s.usesLastInsertId, s.usesLocks, s.unsafe, s.rewrites);
    }

    private boolean punct(int i, char ch) {
        return i >= 0 && i < t.size() && t.get(i).isPunct(ch);
    }

    private void visit(int i) {
        Token tok = t.get(i);
        switch (tok.type()) {
            case USER_VAR -> report(UnsafeKind.USER_VARIABLE, tok.text());
            case SYS_VAR -> report(UnsafeKind.SYSTEM_VARIABLE, tok.text());
            case WORD, QUOTED_IDENT -> identifier(i, tok);
            default -> { }
        }
    }

    private void report(UnsafeKind kind, String construct) {
        if (write) {
            unsafe.add(new Unsafe(kind, construct));
        }
    }

    private void identifier(int i, Token tok) {
        if (tok.isWord("SKIP") && i + 1 < t.size() && t.get(i + 1).isWord("LOCKED")) {
            report(UnsafeKind.SKIP_LOCKED, "SKIP LOCKED");
            return;
        }
        if (tok.isWord("NOWAIT")) {
            report(UnsafeKind.SKIP_LOCKED, "NOWAIT");
            return;
        }
        boolean qualified = punct(i - 1, '.');
        if (!punct(i + 1, '(')) {
            // CURRENT_TIMESTAMP, CURRENT_USER etc. are calls even without parentheses
            if (tok.isWord() && !qualified && !nameToken[i] && FunctionCatalog.NO_PAREN.contains(tok.value())) {
                builtin(i, tok.value());
            }
            return;
        }
        if (nameToken[i] || (i > 0 && t.get(i - 1).isWord() && NOT_CALL_AFTER.contains(t.get(i - 1).value()))) {
            return;
        }
        if (qualified) {
            // db.f(...) can only be a stored function: built-ins are never schema-qualified
            if (i >= 2 && t.get(i - 2).isIdentifier() && detectUdf) {
                report(UnsafeKind.USER_DEFINED_FUNCTION, identText(t.get(i - 2)) + "." + identText(tok));
            }
            return;
        }
        if (tok.type() == TokenType.QUOTED_IDENT) {
            // quoting a name disables built-in lookup, so `f`(...) is a stored function
            if (detectUdf) {
                report(UnsafeKind.USER_DEFINED_FUNCTION, tok.value());
            }
            return;
        }
        String name = tok.value();
        if (FunctionCatalog.NOT_CALL.contains(name)) {
            return;
        }
        if (FunctionCatalog.isBuiltin(name)) {
            builtin(i, name);
        } else if (detectUdf) {
            report(UnsafeKind.USER_DEFINED_FUNCTION, tok.text());
        }
    }

    private static String identText(Token tok) {
        return tok.type() == TokenType.QUOTED_IDENT ? tok.value() : tok.text();
    }

    /** Handles a built-in call at token {@code i}; the token after it may or may not be "(". */
    private void builtin(int i, String name) {
        if (FunctionCatalog.TIME.contains(name)) {
            usesTime = true;
        }
        if (FunctionCatalog.LOCKS.contains(name)) {
            usesLocks = true;
        }
        if (FunctionCatalog.NONDETERMINISTIC.contains(name)) {
            report(UnsafeKind.NONDETERMINISTIC_FUNCTION, name);
        }
        switch (name) {
            case "RAND" -> usesRand = true;
            case "LAST_INSERT_ID" -> {
                usesLastInsertId = true;
                emptyCall(i, RewriteKind.LAST_INSERT_ID); // LAST_INSERT_ID(expr) sets the value and is left alone
            }
            case "UUID" -> emptyCall(i, RewriteKind.UUID);
            case "UUID_SHORT" -> emptyCall(i, RewriteKind.UUID_SHORT);
            case "SYSDATE" -> sysdate(i);
            default -> { }
        }
    }

    private void emptyCall(int i, RewriteKind kind) {
        if (write && punct(i + 1, '(') && punct(i + 2, ')')) {
            rewrites.add(new Rewrite(kind, t.get(i).start(), t.get(i + 2).end(), 0));
        }
    }

    private void sysdate(int i) {
        if (!write || !punct(i + 1, '(')) {
            return;
        }
        if (punct(i + 2, ')')) {
            rewrites.add(new Rewrite(RewriteKind.SYSDATE, t.get(i).start(), t.get(i + 2).end(), 0));
            return;
        }
        if (i + 3 < t.size() && t.get(i + 2).type() == TokenType.NUMBER && punct(i + 3, ')')) {
            String digits = t.get(i + 2).text();
            if (digits.length() == 1 && digits.charAt(0) >= '0' && digits.charAt(0) <= '6') {
                rewrites.add(new Rewrite(RewriteKind.SYSDATE, t.get(i).start(), t.get(i + 3).end(), digits.charAt(0) - '0'));
                return;
            }
        }
        // e.g. SYSDATE(?) : we cannot produce a literal, so the statement stays nondeterministic
        report(UnsafeKind.NONDETERMINISTIC_FUNCTION, "SYSDATE");
    }
}
