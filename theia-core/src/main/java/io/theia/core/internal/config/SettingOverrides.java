package io.theia.core.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Settings given outside the configuration file: environment variables ({@code THEIA_STORE_DATA_DIR}) and
 * command-line flags ({@code store.dataDir=/var/theia}). Flags win over the environment, which wins over the file.
 *
 * <p>An environment variable names a setting by its path in capitals, with {@code _} between words and sections
 * (matched ignoring case and underscores, so {@code THEIA_STORE_DATADIR} works too); a list entry by its index
 * ({@code THEIA_SOURCES_0_PATHS}). A flag names it by its dotted path as in the file, a list entry by
 * {@code sources[0]}. Text values for list settings are split at commas; a flag whose value is a {@link Collection}
 * (from code, such as the embedding API) gives a list setting's items as they are, so a path with a comma stays one
 * path. Not thread-safe; one per load.
 */
public final class SettingOverrides {

    private static final String ENV_PREFIX = "THEIA_";
    /**
     * {@code THEIA_} variables that are not settings: the log level, read by the logging configuration, and the
     * clients' token ({@code THEIA_TOKEN}, {@code THEIA_TOKEN_FILE}, {@code docs/security.md}) and TLS provider
     * ({@code THEIA_TLS_PROVIDER}).
     */
    private static final Set<String> NOT_SETTINGS = Set.of("loglevel", "token", "tokenfile", "tlsprovider");

    private final Map<String, String> environment = new LinkedHashMap<>();
    private final Map<String, String> variableNames = new LinkedHashMap<>();
    private final Map<String, Object> flags;
    private final Set<String> usedFlags = new HashSet<>();
    private final Set<String> usedVariables = new HashSet<>();
    private final Map<String, String> origins = new LinkedHashMap<>();

    /**
     * Overrides from an environment (only {@code THEIA_} variables are read) and flags (dotted path to value: text,
     * or a {@link Collection} of a list setting's items).
     */
    public SettingOverrides(Map<String, String> environment, Map<String, ?> flags) {
        environment.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX)) {
                String normalized = normalize(name.substring(ENV_PREFIX.length()));
                this.environment.put(normalized, value);
                this.variableNames.put(normalized, name);
            }
        });
        this.flags = new LinkedHashMap<>(flags);
    }

    /** No overrides. */
    public static SettingOverrides none() {
        return new SettingOverrides(Map.of(), Map.of());
    }

    /**
     * A copy of one section with the overrides for it applied.
     *
     * @param sectionPath the section's path, e.g. {@code server}, {@code store} or {@code sources[0]}
     * @param section the section as the file gives it, or null
     * @param recordType the record the section binds to, whose components name the settings
     * @param extraKeys keys the section has besides the record's components (such as {@code type})
     */
    public ObjectNode apply(String sectionPath, JsonNode section, Class<?> recordType, List<String> extraKeys) {
        ObjectNode result = section != null && section.isObject() ? ((ObjectNode) section).deepCopy()
                : JsonNodeFactory.instance.objectNode();
        Map<String, Boolean> leaves = new LinkedHashMap<>();
        extraKeys.forEach(key -> leaves.put(key, false));
        collectLeaves(recordType, "", leaves);
        leaves.forEach((leaf, isList) -> {
            String variable = normalize(sectionPath + leaf);
            String value = environment.get(variable);
            if (value != null) {
                set(result, leaf, value, isList);
                usedVariables.add(variable);
                origins.put(sectionPath + "." + leaf, "environment variable " + variableNames.get(variable));
            }
        });
        String prefix = sectionPath + ".";
        flags.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                String leaf = key.substring(prefix.length());
                set(result, leaf, value, Boolean.TRUE.equals(leaves.get(leaf)));
                usedFlags.add(key);
                origins.put(key, "the command line");
            }
        });
        return result;
    }

    /** The value of a setting outside any section (such as {@code stateDir}), or null when not overridden. */
    public String topLevel(String key) {
        Object flag = flags.get(key);
        if (flag != null) {
            usedFlags.add(key);
            origins.put(key, "the command line");
            return String.valueOf(flag);
        }
        String variable = normalize(key);
        String value = environment.get(variable);
        if (value != null) {
            usedVariables.add(variable);
            origins.put(key, "environment variable " + variableNames.get(variable));
        }
        return value;
    }

    /**
     * Where the value of a setting came from when it was overridden, e.g. {@code environment variable
     * THEIA_SERVER_PORT} or {@code the command line}; null when it came from the file or a default.
     */
    public String originOf(String path) {
        return origins.get(path);
    }

    /** {@code THEIA_} variables that named no setting of any section applied so far, by their names. */
    public List<String> unusedVariables() {
        return variableNames.entrySet().stream()
                .filter(variable -> !usedVariables.contains(variable.getKey())
                        && !NOT_SETTINGS.contains(variable.getKey()))
                .map(Map.Entry::getValue).toList();
    }

    /** Problems for flags that named no setting of any section applied so far. */
    public List<ConfigProblem> unusedFlags() {
        return flags.keySet().stream().filter(key -> !usedFlags.contains(key))
                .map(key -> new ConfigProblem(key, "command line", "no such setting"))
                .toList();
    }

    private static void collectLeaves(Class<?> recordType, String prefix, Map<String, Boolean> leaves) {
        for (RecordComponent component : recordType.getRecordComponents()) {
            String path = prefix + component.getName();
            if (component.getType().isRecord()) {
                collectLeaves(component.getType(), path + ".", leaves);
            } else if (!JsonNode.class.isAssignableFrom(component.getType())) {
                leaves.put(path, Collection.class.isAssignableFrom(component.getType()));
            }
        }
    }

    private static void set(ObjectNode root, String dottedPath, Object value, boolean isList) {
        String[] parts = dottedPath.split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            node = child instanceof ObjectNode object ? object : node.putObject(parts[i]);
        }
        String last = parts[parts.length - 1];
        if (value instanceof Collection<?> items) {
            ArrayNode list = node.putArray(last);
            items.forEach(item -> list.add(String.valueOf(item)));
        } else if (isList) {
            ArrayNode list = node.putArray(last);
            for (String item : String.valueOf(value).split(",")) {
                if (!item.isBlank()) {
                    list.add(item.trim());
                }
            }
        } else {
            node.put(last, String.valueOf(value));
        }
    }

    private static String normalize(String name) {
        StringBuilder normalized = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                normalized.append(Character.toLowerCase(c));
            }
        }
        return normalized.toString().toLowerCase(Locale.ROOT);
    }
}
