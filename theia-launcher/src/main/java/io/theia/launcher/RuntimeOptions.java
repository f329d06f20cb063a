package io.theia.launcher;

import io.theia.core.config.Configuration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options every command that runs theia shares: configuration file, store, plugins and single settings. */
final class RuntimeOptions {

    @Option(names = "--config", paramLabel = "FILE", description = "Configuration file (YAML, or JSON by its .json ending).")
    Path config;

    @Option(names = "--store", paramLabel = "TYPE", description = "Store type, e.g. naive, jdbc, or none to keep nothing.")
    String store;

    @Option(names = "--plugins-dir", paramLabel = "DIR",
            description = "Directory of plugin archives; repeatable. Default: the distribution's plugins/.")
    List<Path> pluginDirectories = new ArrayList<>();

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Any setting by its dotted path, e.g. --set store.flushInterval=0; repeatable.")
    Map<String, String> settings = new LinkedHashMap<>();

    /**
     * Loads the configuration: file, then environment, then these options, then {@code commandFlags} (the
     * command's own flags, such as {@code -P}).
     */
    Configuration load(Map<String, String> commandFlags) {
        Map<String, String> flags = new LinkedHashMap<>(settings);
        if (store != null) {
            flags.put("store.type", store);
        }
        if (!pluginDirectories.isEmpty()) {
            flags.put("plugins.directories", String.join(",", pluginDirectories.stream().map(Path::toString).toList()));
        }
        flags.putAll(commandFlags);
        Configuration configuration = Configuration.load(config, System.getenv(), flags);
        String home = System.getProperty("theia.home");
        if (home != null && configuration.core().plugins().directories().isEmpty()) {
            flags.put("plugins.directories", Path.of(home, "plugins").toString());
            configuration = Configuration.load(config, System.getenv(), flags);
        }
        return configuration;
    }
}
