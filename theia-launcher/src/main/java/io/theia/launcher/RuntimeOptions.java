package io.theia.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.theia.core.internal.config.Configuration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/** The options every command that runs theia shares: configuration file, store, plugins and single settings. */
final class RuntimeOptions {

    @Option(names = "--config", paramLabel = "FILE", description = "Configuration file (YAML, or JSON by its .json ending).")
    Path config;

    @Option(names = "--store", paramLabel = "TYPE", description = "Store type, e.g. naive, jdbc, or none to keep nothing.")
    String store;

    @Option(names = "--plugins-dir", paramLabel = "DIR",
            description = "Directory of plugin archives, in addition to the distribution's plugins/; repeatable.")
    List<Path> pluginDirectories = new ArrayList<>();

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Any setting by its dotted path, e.g. --set store.flushInterval=0; repeatable.")
    Map<String, String> settings = new LinkedHashMap<>();

    /**
     * Loads the configuration: file, then environment, then these options, then {@code commandFlags} (the
     * command's own flags, such as {@code -P}).
     */
    Configuration load(Map<String, String> commandFlags) {
        return load(tree -> { }, commandFlags);
    }

    /**
     * Loads the configuration as {@link #load(Map)} does, letting {@code additions} add to the file's settings first
     * (as {@code theia watch} adds its file source).
     */
    Configuration load(Consumer<ObjectNode> additions, Map<String, String> commandFlags) {
        JsonNode file = config == null ? null : Configuration.readTree(config);
        String origin = config == null ? "the settings" : "configuration file " + config;
        if (file != null && !file.isObject() && !file.isMissingNode() && !file.isNull()) {
            return Configuration.of(file, origin, System.getenv(), Map.of());
        }
        ObjectNode tree = file instanceof ObjectNode object ? object : JsonNodeFactory.instance.objectNode();
        additions.accept(tree);
        Map<String, Object> flags = new LinkedHashMap<>(settings);
        if (store != null) {
            flags.put("store.type", store);
        }
        if (!pluginDirectories.isEmpty()) {
            flags.put("plugins.directories", pluginDirectories.stream().map(Path::toString).toList());
        }
        flags.putAll(commandFlags);
        Configuration configuration = Configuration.of(tree, origin, System.getenv(), flags);
        String home = System.getProperty("theia.home");
        List<Path> configured = configuration.core().plugins().directories();
        if (home != null && !configured.contains(Path.of(home, "plugins"))) {
            // The distribution's plugins stay loaded; configured directories add to them.
            List<Path> directories = new ArrayList<>(configured);
            directories.add(0, Path.of(home, "plugins"));
            flags.put("plugins.directories", directories.stream().map(Path::toString).toList());
            configuration = Configuration.of(tree, origin, System.getenv(), flags);
        }
        Logging.configure(configuration.core().logging());
        return configuration;
    }
}
