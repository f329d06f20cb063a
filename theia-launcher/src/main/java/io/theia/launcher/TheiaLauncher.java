package io.theia.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import io.theia.core.internal.config.ConfigMappers;
import io.theia.core.internal.config.Configuration;
import io.theia.core.internal.plugins.HostServices;
import io.theia.core.internal.runtime.TheiaRuntime;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Embeds theia in an application: choose plugins and configuration, then {@link Builder#start()} returns a running
 * {@link Theia}.
 *
 * <pre>{@code
 * try (Theia theia = TheiaLauncher.builder()
 *         .pluginDirectory(Path.of("plugins"))
 *         .set("store.dataDir", "data")
 *         .start()) {
 *     theia.publish(Event.create("/app", List.of("demo"), "hello"));
 * }
 * }</pre>
 *
 * <p>Settings are layered as for the command line: configuration file or tree, then the environment's
 * {@code THEIA_} variables (unless {@link Builder#environment(Map)} replaces them), then single settings.
 */
public final class TheiaLauncher {

    private TheiaLauncher() {
    }

    /** A builder with the defaults: plugins from the class path, the naive store in {@code ./data}. */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects what to start; not thread-safe. */
    public static final class Builder {
        private Path configFile;
        private JsonNode configTree;
        private Map<String, String> environment = System.getenv();
        private final Map<String, Object> settings = new LinkedHashMap<>();
        private final List<Path> pluginDirectories = new ArrayList<>();
        private final List<String> plugins = new ArrayList<>();
        private String hostName;
        private Clock clock;

        private Builder() {
        }

        /** Reads the configuration from a YAML or JSON file. */
        public Builder configFile(Path file) {
            this.configFile = Objects.requireNonNull(file, "file");
            this.configTree = null;
            return this;
        }

        /** Takes the configuration from an object: nested maps and lists as the file would hold them. */
        public Builder configuration(Map<String, ?> configuration) {
            this.configTree = ConfigMappers.json().valueToTree(configuration);
            this.configFile = null;
            return this;
        }

        /** Replaces the environment whose {@code THEIA_} variables override the configuration. */
        public Builder environment(Map<String, String> variables) {
            this.environment = Map.copyOf(variables);
            return this;
        }

        /**
         * One setting by its dotted path, e.g. {@code store.dataDir}; wins over file and environment. A
         * {@link Collection} gives a list setting's items as they are; anything else is taken as its text (a list
         * setting's text is split at commas, as on the command line).
         */
        public Builder set(String key, Object value) {
            settings.put(key, value instanceof Collection<?> items ? items.stream().map(String::valueOf).toList()
                    : String.valueOf(value));
            return this;
        }

        /** Adds a directory of plugin archives. */
        public Builder pluginDirectory(Path directory) {
            pluginDirectories.add(directory);
            return this;
        }

        /** Adds {@code <home>/plugins} of a theia distribution; does nothing when {@code home} is null. */
        public Builder pluginDirectoriesOf(String home) {
            if (home != null) {
                pluginDirectories.add(Path.of(home, "plugins"));
            }
            return this;
        }

        /** Uses only these plugins (by id), wherever they are: class path or plugin directories. */
        public Builder plugins(String... ids) {
            plugins.addAll(List.of(ids));
            return this;
        }

        /** The host name plugins see (and sources tag events with); the machine's name otherwise. */
        public Builder hostName(String name) {
            this.hostName = Objects.requireNonNull(name, "name");
            return this;
        }

        /** The clock events are timestamped with; the system's (UTC) otherwise. */
        public Builder clock(Clock eventClock) {
            this.clock = Objects.requireNonNull(eventClock, "eventClock");
            return this;
        }

        /**
         * Starts theia.
         *
         * @throws io.theia.core.internal.config.ConfigurationException listing every problem in the configuration
         * @throws io.theia.core.internal.plugins.PluginException when plugins conflict or the store cannot open
         */
        public Theia start() {
            // typed values stay typed: a list, never text joined at commas (a path may hold one)
            Map<String, Object> flags = new LinkedHashMap<>();
            if (!pluginDirectories.isEmpty()) {
                flags.put("plugins.directories", pluginDirectories.stream().map(Path::toString).toList());
            }
            if (!plugins.isEmpty()) {
                flags.put("plugins.enabled", List.copyOf(plugins));
            }
            flags.putAll(settings);
            Configuration configuration = configFile != null
                    ? Configuration.load(configFile, environment, flags)
                    : Configuration.of(configTree, configTree == null ? "the embedded configuration"
                            : "the embedded configuration object", environment, flags);
            HostServices defaults = HostServices.defaults();
            HostServices services = new HostServices(clock == null ? defaults.clock() : clock,
                    hostName == null ? defaults.hostName() : hostName, defaults.metrics(), defaults.objectMapper());
            return new Theia(TheiaRuntime.start(configuration, services));
        }
    }
}
