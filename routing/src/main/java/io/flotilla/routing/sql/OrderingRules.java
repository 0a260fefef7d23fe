package io.flotilla.routing.sql;

import java.util.ArrayList;
import java.util.List;

/** MySQL's row-order rules: LIMIT without ORDER BY and unordered INSERT ... SELECT variants. */
final class OrderingRules {

    private final List<Token> t;

    private OrderingRules(List<Token> tokens) {
        this.t = tokens;
    }

    static List<Unsafe> check(List<Token> tokens, StatementKind kind, int main) {
        if (main < 0) {
            return List.of();
        }
        OrderingRules rules = new OrderingRules(tokens);
        return switch (kind) {
            case UPDATE, DELETE -> rules.updateOrDelete(kind, main);
            case INSERT, REPLACE -> rules.insertSelect(kind, main);
            default -> List.of();
        };
    }

    private boolean word(int i, String upper) {
        return i >= 0 && i < t.size() && t.get(i).isWord(upper);
    }

    /** True when [from, to) has "keyword" at exactly {@code depth} (ORDER is checked together with BY). */
    private boolean hasAtDepth(int from, int to, int depth, String keyword) {
        for (int j = from; j < to; j++) {
            if (t.get(j).depth() == depth && word(j, keyword) && (!keyword.equals("ORDER") || word(j + 1, "BY"))) {
                return true;
            }
        }
        return false;
    }

    private List<Unsafe> updateOrDelete(StatementKind kind, int main) {
        int base = t.get(main).depth();
        if (hasAtDepth(main, t.size(), base, "LIMIT") && !hasAtDepth(main, t.size(), base, "ORDER")) {
            return List.of(new Unsafe(UnsafeKind.LIMIT_WITHOUT_ORDER_BY, kind.name()));
        }
        return List.of();
    }

    private List<Unsafe> insertSelect(StatementKind kind, int main) {
        int base = t.get(main).depth();
        int source = -1;
        int onDuplicate = -1;
        for (int j = main + 1; j < t.size(); j++) {
            Token tok = t.get(j);
            if (tok.depth() == base && (word(j, "VALUES") || word(j, "VALUE") || word(j, "SET"))) {
                break; // INSERT ... VALUES / SET: subqueries there are not INSERT ... SELECT
            }
            if (source < 0 && (tok.depth() == base || tok.depth() == base + 1) && (word(j, "SELECT") || word(j, "WITH"))) {
                source = j;
            }
            if (tok.depth() == base && word(j, "ON") && word(j + 1, "DUPLICATE")) {
                onDuplicate = j;
                break;
            }
        }
        if (source < 0) {
            return List.of();
        }
        int depth = t.get(source).depth();
        int end = onDuplicate < 0 ? t.size() : onDuplicate;
        boolean limit = hasAtDepth(source, end, depth, "LIMIT");
        boolean ordered = hasAtDepth(source, end, depth, "ORDER");
        boolean ignore = false;
        for (int j = main + 1; j < Math.min(main + 4, t.size()) && !word(j, "INTO"); j++) {
            ignore |= word(j, "IGNORE");
        }
        String label = kind.name();
        List<Unsafe> found = new ArrayList<>();
        if (limit && !ordered) {
            found.add(new Unsafe(UnsafeKind.LIMIT_WITHOUT_ORDER_BY, label + " ... SELECT"));
        }
        if (!ordered) {
            // row order decides which duplicate wins, so these differ between leader and follower
            if (kind == StatementKind.REPLACE) {
                found.add(new Unsafe(UnsafeKind.UNORDERED_INSERT_SELECT, "REPLACE ... SELECT"));
            } else if (ignore) {
                found.add(new Unsafe(UnsafeKind.UNORDERED_INSERT_SELECT, "INSERT IGNORE ... SELECT"));
            } else if (onDuplicate >= 0) {
                found.add(new Unsafe(UnsafeKind.UNORDERED_INSERT_SELECT, "INSERT ... SELECT ... ON DUPLICATE KEY UPDATE"));
            }
        }
        return found;
    }
}
