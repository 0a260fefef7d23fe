package io.flotilla.routing.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Hand-written MySQL/MariaDB tokenizer that never fails: unterminated constructs run to the end of input. */
final class SqlLexer {

    /** Tokens (with versioned-comment content included as code) and the bodies of ordinary comments. */
    record Lexed(List<Token> tokens, List<String> comments) {}

    private final String sql;
    private final int n;
    private final List<Token> tokens = new ArrayList<>();
    private final List<String> comments = new ArrayList<>();
    private int pos;
    private int depth;
    private boolean inVersioned;

    private SqlLexer(String sql) {
        this.sql = sql;
        this.n = sql.length();
    }

    static Lexed lex(String sql) {
        SqlLexer lexer = new SqlLexer(sql);
        lexer.run();
        return new Lexed(List.copyOf(lexer.tokens), List.copyOf(lexer.comments));
    }

    private void run() {
        while (pos < n) {
            char c = sql.charAt(pos);
            if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '#') {
                lineComment(pos + 1);
            } else if (c == '-' && at(pos + 1) == '-' && (pos + 2 >= n || Character.isWhitespace(sql.charAt(pos + 2))
                    || Character.isISOControl(sql.charAt(pos + 2)))) {
                lineComment(pos + 2);
            } else if (c == '/' && at(pos + 1) == '*') {
                blockComment();
            } else if (c == '*' && at(pos + 1) == '/' && inVersioned) {
                inVersioned = false; // end of /*! ... */ whose content we lexed as code
                pos += 2;
            } else if (c == '\'' || c == '"') {
                quoted(pos, pos, c, TokenType.STRING);
            } else if (c == '`') {
                quoted(pos, pos, '`', TokenType.QUOTED_IDENT);
            } else if (c == '@') {
                variable();
            } else if (c == '?') {
                add(TokenType.PLACEHOLDER, pos, pos + 1, "?");
            } else if (Character.isDigit(c) || (c == '.' && Character.isDigit(at(pos + 1)) && !afterIdentifier())) {
                number();
            } else if (isIdentStart(c)) {
                word();
            } else if (c == '(' || c == ')' || c == ',' || c == '.' || c == ';') {
                if (c == ')') {
                    depth = Math.max(0, depth - 1);
                }
                add(TokenType.PUNCT, pos, pos + 1, String.valueOf(c));
                if (c == '(') {
                    depth++;
                }
            } else {
                add(TokenType.OPERATOR, pos, pos + 1, String.valueOf(c));
            }
        }
    }

    private char at(int i) {
        return i < n ? sql.charAt(i) : '\0';
    }

    private boolean afterIdentifier() {
        if (tokens.isEmpty()) {
            return false;
        }
        Token last = tokens.get(tokens.size() - 1);
        return last.isIdentifier() && last.end() == pos;
    }

    private static boolean isIdentStart(char c) {
        return Character.isLetter(c) || c == '_' || c == '$' || c >= 0x80;
    }

    private static boolean isIdentPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c >= 0x80;
    }

    private void add(TokenType type, int start, int end, String value) {
        tokens.add(new Token(type, sql.substring(start, end), value, start, end, depth));
        pos = end;
    }

    private void lineComment(int from) {
        int end = sql.indexOf('\n', from);
        end = end < 0 ? n : end;
        comments.add(sql.substring(from, end));
        pos = end;
    }

    private void blockComment() {
        int bodyStart = pos + 2;
        char c2 = at(bodyStart);
        if (c2 == '!' || ((c2 == 'M' || c2 == 'm') && at(bodyStart + 1) == '!')) {
            // versioned comment: the server executes its content, so we analyse it as code
            int p = bodyStart + (c2 == '!' ? 1 : 2);
            while (p < n && Character.isDigit(sql.charAt(p))) {
                p++;
            }
            inVersioned = true;
            pos = p;
            return;
        }
        int end = sql.indexOf("*/", bodyStart);
        int stop = end < 0 ? n : end;
        if (c2 != '+') { // optimizer hints are ignored entirely
            comments.add(sql.substring(bodyStart, stop));
        }
        pos = end < 0 ? n : end + 2;
    }

    /** Lexes a quoted string or identifier whose opening quote is at {@code quoteAt}. */
    private void quoted(int tokenStart, int quoteAt, char q, TokenType type) {
        StringBuilder value = new StringBuilder();
        int p = quoteAt + 1;
        while (p < n) {
            char c = sql.charAt(p);
            if (c == '\\' && q != '`' && p + 1 < n) {
                value.append(c).append(sql.charAt(p + 1));
                p += 2;
            } else if (c == q) {
                if (at(p + 1) == q) {
                    value.append(q);
                    p += 2;
                } else {
                    p++;
                    break;
                }
            } else {
                value.append(c);
                p++;
            }
        }
        int end = Math.min(p, n);
        add(type, tokenStart, end, type == TokenType.QUOTED_IDENT ? value.toString() : sql.substring(tokenStart, end));
    }

    private void variable() {
        int start = pos;
        if (at(pos + 1) == '@') {
            int p = pos + 2;
            while (p < n && (isIdentPart(sql.charAt(p)) || sql.charAt(p) == '.')) {
                p++;
            }
            add(TokenType.SYS_VAR, start, p, sql.substring(start, p));
            return;
        }
        char c = at(pos + 1);
        if (c == '\'' || c == '"' || c == '`') {
            quoted(start, pos + 1, c, TokenType.USER_VAR);
            return;
        }
        int p = pos + 1;
        while (p < n && (isIdentPart(sql.charAt(p)) || sql.charAt(p) == '.')) {
            p++;
        }
        if (p == pos + 1) {
            add(TokenType.OPERATOR, start, p, "@");
        } else {
            add(TokenType.USER_VAR, start, p, sql.substring(start, p));
        }
    }

    private void number() {
        int start = pos;
        int p = pos;
        if (sql.charAt(p) == '0' && (at(p + 1) == 'x' || at(p + 1) == 'X' || at(p + 1) == 'b' || at(p + 1) == 'B')) {
            p += 2;
            while (p < n && Character.isLetterOrDigit(sql.charAt(p))) {
                p++;
            }
        } else {
            while (p < n && (Character.isDigit(sql.charAt(p)) || sql.charAt(p) == '.')) {
                p++;
            }
            if ((at(p) == 'e' || at(p) == 'E')
                    && (Character.isDigit(at(p + 1)) || ((at(p + 1) == '+' || at(p + 1) == '-') && Character.isDigit(at(p + 2))))) {
                p += 2;
                while (p < n && Character.isDigit(sql.charAt(p))) {
                    p++;
                }
            }
            if (p < n && isIdentStart(sql.charAt(p))) {
                // MySQL allows identifiers that start with digits, e.g. 1col
                while (p < n && isIdentPart(sql.charAt(p))) {
                    p++;
                }
                add(TokenType.WORD, start, p, sql.substring(start, p).toUpperCase(Locale.ROOT));
                return;
            }
        }
        add(TokenType.NUMBER, start, p, sql.substring(start, p));
    }

    private void word() {
        int start = pos;
        char c = sql.charAt(pos);
        char next = at(pos + 1);
        if ((c == 'x' || c == 'X' || c == 'b' || c == 'B' || c == 'n' || c == 'N') && next == '\'') {
            quoted(start, pos + 1, '\'', TokenType.STRING); // x'..', b'..', N'..'
            return;
        }
        int p = pos;
        while (p < n && isIdentPart(sql.charAt(p))) {
            p++;
        }
        if (c == '_' && (at(p) == '\'' || at(p) == '"')) {
            quoted(start, p, at(p), TokenType.STRING); // charset introducer, e.g. _utf8mb4'..'
            return;
        }
        add(TokenType.WORD, start, p, sql.substring(start, p).toUpperCase(Locale.ROOT));
    }
}
