package io.flotilla.replicator.log;

import io.flotilla.routing.sql.StatementKind;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The savepoints of an open transaction and how many buffered statements each one keeps. */
final class Savepoints {

    private final Map<String, Integer> marks = new LinkedHashMap<>();

    /**
     * Records a SAVEPOINT, ROLLBACK TO SAVEPOINT or RELEASE SAVEPOINT (already executed on the server).
     *
     * @return how many buffered statements survive
     */
    int apply(StatementKind kind, String sql, int buffered) {
        String name = name(sql);
        switch (kind) {
            case SAVEPOINT -> {
                // Re-using a name moves the savepoint, as in MySQL.
                marks.remove(name);
                marks.put(name, buffered);
                return buffered;
            }
            case ROLLBACK_TO_SAVEPOINT -> {
                Integer keep = marks.get(name);
                dropAfter(name, false);
                return keep == null ? buffered : keep;
            }
            case RELEASE_SAVEPOINT -> {
                dropAfter(name, true);
                return buffered;
            }
            default -> throw new IllegalArgumentException(kind.name());
        }
    }

    private void dropAfter(String name, boolean inclusive) {
        boolean seen = false;
        for (Iterator<String> it = marks.keySet().iterator(); it.hasNext(); ) {
            String k = it.next();
            if (seen) {
                it.remove();
            } else if (k.equals(name)) {
                seen = true;
                if (inclusive) {
                    it.remove();
                }
            }
        }
    }

    void clear() {
        marks.clear();
    }

    private static String name(String sql) {
        String[] words = sql.strip().replaceAll(";\\s*$", "").split("\\s+");
        return words[words.length - 1].replace("`", "").toLowerCase(Locale.ROOT);
    }
}
