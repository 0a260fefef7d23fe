package io.flotilla.routing.sql;

/** Counts the {@code ?} parameter placeholders of a statement, ignoring those inside strings, identifiers and comments. */
public final class Placeholders {
    private Placeholders() {}

    /** The number of {@code ?} placeholders (a {@code ?} in a versioned comment counts, as the server runs it). */
    public static int count(String sql) {
        int n = 0;
        for (Token t : SqlLexer.lex(sql).tokens()) {
            if (t.type() == TokenType.PLACEHOLDER) {
                n++;
            }
        }
        return n;
    }
}
