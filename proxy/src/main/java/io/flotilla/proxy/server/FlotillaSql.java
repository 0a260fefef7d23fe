package io.flotilla.proxy.server;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The statements the proxy answers itself instead of sending them to the driver: Flotilla's session features as
 * SQL ({@code SELECT flotilla_token()}, {@code SET flotilla_token = '…'}, {@code SET flotilla_consistency = '…'},
 * {@code SHOW FLOTILLA STATUS}) and {@code USE db} (which must reach every backend of the session).
 */
record FlotillaSql(Kind kind, String argument) {

    /** What an intercepted statement asks for. */
    enum Kind { SELECT_TOKEN, SET_TOKEN, SET_CONSISTENCY, SHOW_STATUS, USE }

    private static final Pattern SELECT_TOKEN = Pattern.compile(
            "\\s*select\\s+flotilla_token\\s*\\(\\s*\\)(?:\\s+(?:as\\s+)?(`(?:[^`]|``)+`|\\w+))?\\s*", Pattern.CASE_INSENSITIVE);
    private static final Pattern SET = Pattern.compile(
            "\\s*set\\s+(?:@@(?:session\\.)?|session\\s+)?flotilla_(token|consistency)\\s*(?:=|:=)\\s*(?:'((?:[^'\\\\]|'')*)'|\"([^\"]*)\")\\s*",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern SHOW_STATUS = Pattern.compile("\\s*show\\s+flotilla\\s+status\\s*", Pattern.CASE_INSENSITIVE);
    private static final Pattern USE = Pattern.compile("\\s*use\\s+(`(?:[^`]|``)+`|[\\w$]+)\\s*", Pattern.CASE_INSENSITIVE);

    /** The intercepted form of one statement (no trailing semicolon), or null when the driver should run it. */
    static FlotillaSql match(String sql) {
        int i = 0;
        while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) {
            i++;
        }
        if (i >= sql.length()) {
            return null;
        }
        char c = Character.toLowerCase(sql.charAt(i));
        if (c == 'u') {
            Matcher m = USE.matcher(sql);
            return m.matches() ? new FlotillaSql(Kind.USE, unquote(m.group(1))) : null;
        }
        // Cheap filter first: every other intercepted statement names flotilla.
        if ((c != 's') || !containsFlotilla(sql)) {
            return null;
        }
        Matcher m = SELECT_TOKEN.matcher(sql);
        if (m.matches()) {
            return new FlotillaSql(Kind.SELECT_TOKEN, m.group(1) == null ? "flotilla_token()" : unquote(m.group(1)));
        }
        m = SET.matcher(sql);
        if (m.matches()) {
            String value = m.group(2) != null ? m.group(2).replace("''", "'") : m.group(3);
            return new FlotillaSql(m.group(1).equalsIgnoreCase("token") ? Kind.SET_TOKEN : Kind.SET_CONSISTENCY, value);
        }
        if (SHOW_STATUS.matcher(sql).matches()) {
            return new FlotillaSql(Kind.SHOW_STATUS, null);
        }
        return null;
    }

    private static boolean containsFlotilla(String sql) {
        for (int i = 0, end = sql.length() - 8; i <= end; i++) {
            char ch = sql.charAt(i);
            if ((ch == 'f' || ch == 'F') && sql.regionMatches(true, i, "flotilla", 0, 8)) {
                return true;
            }
        }
        return false;
    }

    private static String unquote(String name) {
        return name.startsWith("`") ? name.substring(1, name.length() - 1).replace("``", "`") : name;
    }
}
