package io.flotilla.routing.sql;

/**
 * One lexical token; {@code value} is the upper-cased text for words, the unquoted name for quoted
 * identifiers and the raw text otherwise; {@code depth} is the parenthesis depth outside the token.
 */
record Token(TokenType type, String text, String value, int start, int end, int depth) {

    boolean isWord() {
        return type == TokenType.WORD;
    }

    boolean isWord(String upper) {
        return type == TokenType.WORD && value.equals(upper);
    }

    boolean isIdentifier() {
        return type == TokenType.WORD || type == TokenType.QUOTED_IDENT;
    }

    boolean isPunct(char c) {
        return type == TokenType.PUNCT && text.charAt(0) == c;
    }
}
