package io.flotilla.routing.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/** Validated, typed access to a properties file against a closed set of {@link ConfigProperty} keys. */
public final class TypedConfig {

    private final Map<String, String> values;
    private final Collection<? extends ConfigProperty> known;

    private TypedConfig(Map<String, String> values, Collection<? extends ConfigProperty> known) {
        this.values = values;
        this.known = known;
    }

    /**
     * Validates every key and value; unknown keys fail with the closest known key as a suggestion.
     *
     * @throws ConfigException naming the first bad key
     */
    public static TypedConfig validate(Properties props, Collection<? extends ConfigProperty> known) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : props.stringPropertyNames()) {
            values.put(name.trim(), props.getProperty(name).trim());
        }
        for (Map.Entry<String, String> e : values.entrySet()) {
            ConfigProperty p = lookup(e.getKey(), known).orElseThrow(() -> unknown(e.getKey(), known));
            check(p, e.getKey(), e.getValue());
        }
        for (ConfigProperty p : known) {
            if (p.required() && !p.prefix() && !values.containsKey(p.key())) {
                throw new ConfigException(p.key(), "is required (" + p.description() + ")");
            }
        }
        return new TypedConfig(values, known);
    }

    private static Optional<ConfigProperty> lookup(String key, Collection<? extends ConfigProperty> known) {
        for (ConfigProperty p : known) {
            if (p.prefix() ? key.startsWith(p.key()) && key.length() > p.key().length() : key.equals(p.key())) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static ConfigException unknown(String key, Collection<? extends ConfigProperty> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (ConfigProperty p : known) {
            int d = distance(key, p.key());
            if (d < bestDistance) {
                bestDistance = d;
                best = p.documentedKey();
            }
        }
        String hint = best != null && bestDistance <= Math.max(3, key.length() / 3) ? " (did you mean '" + best + "'?)" : "";
        return new ConfigException(key, "unknown key" + hint);
    }

    private static void check(ConfigProperty p, String key, String v) {
        switch (p.type()) {
            case INT, LONG -> {
                try {
                    long n = Long.parseLong(v);
                    if (n < 0) {
                        throw new ConfigException(key, "must not be negative, got " + v);
                    }
                    if (p.type() == ConfigType.INT && n > Integer.MAX_VALUE) {
                        throw new ConfigException(key, "is too large: " + v);
                    }
                } catch (NumberFormatException e) {
                    throw new ConfigException(key, "expects a whole number, got '" + v + "'");
                }
            }
            case BOOLEAN -> {
                if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                    throw new ConfigException(key, "expects true or false, got '" + v + "'");
                }
            }
            case CHOICE -> {
                if (!p.choices().contains(v.toLowerCase(Locale.ROOT))) {
                    throw new ConfigException(key, "'" + v + "' is not one of " + String.join(", ", p.choices()));
                }
            }
            case NODE_LIST -> parseNodes(key, v);
            case HOST_PORT -> HostPort.parse(key, v);
            case STRING, PATH -> {
                // Any text is valid; meaning is checked where it is used.
            }
        }
    }

    /** Parses {@code n1=127.0.0.1:3401,n2=127.0.0.1:3402} into an ordered map. */
    public static Map<String, HostPort> parseNodes(String key, String v) {
        Map<String, HostPort> nodes = new LinkedHashMap<>();
        for (String part : v.split(",")) {
            String item = part.trim();
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException(key, "expects name=host:port, got '" + item + "'");
            }
            String name = item.substring(0, eq).trim();
            if (!name.matches("[A-Za-z0-9_-]{1,64}")) {
                throw new ConfigException(key, "node name '" + name + "' must be 1-64 letters, digits, '_' or '-'");
            }
            if (nodes.put(name, HostPort.parse(key, item.substring(eq + 1).trim())) != null) {
                throw new ConfigException(key, "node '" + name + "' is listed twice");
            }
        }
        return nodes;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** The value of a key, or its default (null when neither). */
    public String get(ConfigProperty p) {
        String v = values.get(p.key());
        return v != null ? v : p.defaultValue();
    }

    public String string(ConfigProperty p) {
        return get(p);
    }

    public int integer(ConfigProperty p) {
        return Integer.parseInt(get(p));
    }

    public long longValue(ConfigProperty p) {
        return Long.parseLong(get(p));
    }

    public boolean bool(ConfigProperty p) {
        return Boolean.parseBoolean(get(p));
    }

    /** All {@code key<suffix>=value} entries of a prefix key, by suffix. */
    public Map<String, String> byPrefix(ConfigProperty p) {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(p.key()) && k.length() > p.key().length()) {
                out.put(k.substring(p.key().length()), v);
            }
        });
        return out;
    }

    /** Whether the key was given explicitly. */
    public boolean isSet(ConfigProperty p) {
        return values.containsKey(p.key());
    }

    /** The configuration reference as a Markdown table, generated from the key definitions. */
    public static String markdownReference(Collection<? extends ConfigProperty> props) {
        List<String> rows = new ArrayList<>();
        rows.add("| key | type | default | description |");
        rows.add("|---|---|---|---|");
        for (ConfigProperty p : props) {
            String type = p.type() == ConfigType.CHOICE ? String.join(" \\| ", p.choices()) : p.type().name().toLowerCase(Locale.ROOT);
            String def = p.defaultValue() == null ? (p.required() ? "(required)" : "") : "`" + p.defaultValue() + "`";
            rows.add("| `" + p.documentedKey() + "` | " + type + " | " + def + " | " + p.description() + " |");
        }
        return String.join("\n", rows) + "\n";
    }

    /** Whether {@code values} mentions {@code known} keys only; for tests of the reference. */
    public Collection<? extends ConfigProperty> known() {
        return known;
    }
}
