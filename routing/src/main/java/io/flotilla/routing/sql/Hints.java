package io.flotilla.routing.sql;

import java.util.Objects;
import java.util.Optional;

/** Routing hints taken from "flotilla:" comments in a statement. */
public record Hints(Optional<String> target, Optional<String> consistency) {

    /** No hints present. */
    public static final Hints NONE = new Hints(Optional.empty(), Optional.empty());

    public Hints {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(consistency, "consistency");
    }

    /** True when neither a target nor a consistency was given. */
    public boolean isEmpty() {
        return target.isEmpty() && consistency.isEmpty();
    }

    /**
     * Parses hints from the bodies of comments; the first occurrence of each hint wins because
     * a leading comment is the one a client library usually injects deliberately.
     */
    static Hints parse(Iterable<String> commentBodies) {
        String target = null;
        String consistency = null;
        for (String body : commentBodies) {
            String text = body.strip();
            if (!text.regionMatches(true, 0, "flotilla:", 0, 9)) {
                continue;
            }
            for (String item : text.substring(9).split("[\\s,]+")) {
                if (item.isEmpty()) {
                    continue;
                }
                String lower = item.toLowerCase(java.util.Locale.ROOT);
                if (target == null && (lower.equals("leader") || lower.equals("follower"))) {
                    target = lower;
                } else if (target == null && lower.startsWith("node=") && item.length() > 5) {
                    target = item.substring(5);
                } else if (consistency == null && lower.startsWith("consistency=") && item.length() > 12) {
                    consistency = item.substring(12);
                }
            }
        }
        return target == null && consistency == null
                ? NONE
                : new Hints(Optional.ofNullable(target), Optional.ofNullable(consistency));
    }
}
