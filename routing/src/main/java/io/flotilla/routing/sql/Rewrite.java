package io.flotilla.routing.sql;

/** A call to replace with a literal: [start,end) are char offsets of the whole call text; fsp is SYSDATE's precision. */
public record Rewrite(RewriteKind kind, int start, int end, int fsp) {

    public Rewrite {
        if (kind == null || start < 0 || end <= start || fsp < 0 || fsp > 6) {
            throw new IllegalArgumentException("bad rewrite " + kind + " [" + start + "," + end + ") fsp=" + fsp);
        }
    }
}
