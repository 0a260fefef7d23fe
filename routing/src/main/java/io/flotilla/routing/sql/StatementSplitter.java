package io.flotilla.routing.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a multi-statement text at its top-level semicolons, using the same lexer as the analyser, so semicolons in
 * strings, quoted identifiers and comments do not split. Pieces without any token (only comments or blanks) are
 * dropped; a comment before a statement stays with it (hints keep working).
 *
 * <p>Compound statements with BEGIN … END bodies (stored programs) are split at their inner semicolons too, as the
 * mysql client does without a DELIMITER; send those as single statements.
 */
public final class StatementSplitter {

    private StatementSplitter() {
    }

    /** The statements of {@code sql} in order; a text without a semicolon is returned as is, without lexing. */
    public static List<String> split(String sql) {
        if (sql.indexOf(';') < 0) {
            return sql.isBlank() ? List.of() : List.of(sql);
        }
        List<String> out = new ArrayList<>(2);
        int start = 0;
        boolean seen = false;
        for (Token t : SqlLexer.lex(sql).tokens()) {
            if (t.isPunct(';') && t.depth() == 0) {
                if (seen) {
                    out.add(sql.substring(start, t.start()).strip());
                }
                start = t.end();
                seen = false;
            } else {
                seen = true;
            }
        }
        if (seen) {
            out.add(sql.substring(start).strip());
        }
        return out;
    }
}
