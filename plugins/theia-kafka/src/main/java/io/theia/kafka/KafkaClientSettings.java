package io.theia.kafka;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Builds the properties of a Kafka client: the user's passthrough {@code properties} (SASL, TLS, tuning) first,
 * then the settings theia depends on for its delivery promise, which a passthrough value may not change.
 */
final class KafkaClientSettings {

    private KafkaClientSettings() {
    }

    /**
     * Checks passthrough properties: names that theia sets itself are refused, each named in {@code problems}.
     *
     * @param key the configuration key of the properties, for messages
     * @param properties the passthrough properties, never null
     * @param owned the client settings theia owns
     */
    static void check(String key, Map<String, String> properties, List<String> owned, List<String> problems) {
        for (String name : properties.keySet()) {
            if (owned.contains(name)) {
                problems.add(key + "." + name + ": set by theia itself (it keeps the delivery promise); remove it");
            }
        }
    }

    /** The client's properties: passthrough, then the bootstrap servers and theia's own settings on top. */
    static Properties of(String bootstrapServers, Map<String, String> passthrough, Map<String, Object> own) {
        Properties properties = new Properties();
        properties.putAll(passthrough);
        properties.put("bootstrap.servers", bootstrapServers);
        properties.putAll(own);
        return properties;
    }

    /** A copy of a map that may be null, with string values. */
    static Map<String, String> copy(Map<String, String> properties) {
        return properties == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(properties));
    }

    /** Problems of a required text value. */
    static void require(String key, String value, List<String> problems) {
        if (value == null || value.isBlank()) {
            problems.add(key + ": required");
        }
    }

    /** Throws one exception naming every problem, when there are any. */
    static void throwIfAny(List<String> problems) {
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", new ArrayList<>(problems)));
        }
    }

    /** Runs an action with the plugin's class loader as the thread's context loader: Kafka loads classes by name. */
    static <T> T withPluginLoader(java.util.function.Supplier<T> action) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(KafkaClientSettings.class.getClassLoader());
        try {
            return action.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
