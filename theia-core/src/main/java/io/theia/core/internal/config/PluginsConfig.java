package io.theia.core.internal.config;

import java.nio.file.Path;
import java.util.List;

/**
 * The {@code plugins} section: where plugins are and which to use.
 *
 * @param directories directories holding plugin archives (zip or jar); default none, only plugins on the class
 *     path
 * @param enabled if not empty, only these plugin ids are loaded
 * @param disabled plugin ids not to load
 */
public record PluginsConfig(List<Path> directories, List<String> enabled, List<String> disabled) {

    /** Applies defaults. */
    public PluginsConfig {
        directories = directories == null ? List.of() : List.copyOf(directories);
        enabled = enabled == null ? List.of() : List.copyOf(enabled);
        disabled = disabled == null ? List.of() : List.copyOf(disabled);
    }

    /** Whether a plugin may be loaded. */
    public boolean allows(String pluginId) {
        return !disabled.contains(pluginId) && (enabled.isEmpty() || enabled.contains(pluginId));
    }
}
