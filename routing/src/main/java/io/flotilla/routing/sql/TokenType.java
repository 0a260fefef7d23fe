package io.flotilla.routing.sql;

/** Lexical categories produced by {@link SqlLexer}. */
enum TokenType {
    /** Unquoted identifier or keyword. */
    WORD,
    /** Backtick-quoted identifier. */
    QUOTED_IDENT,
    /** String, hex, bit or introducer literal. */
    STRING,
    NUMBER,
    /** {@code @name} or {@code @'name'}. */
    USER_VAR,
    /** {@code @@name}, {@code @@session.name}, ... */
    SYS_VAR,
    PLACEHOLDER,
    /** One of {@code ( ) , . ;}. */
    PUNCT,
    OPERATOR
}
