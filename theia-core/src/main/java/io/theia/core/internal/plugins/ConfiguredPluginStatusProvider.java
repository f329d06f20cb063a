package io.theia.core.internal.plugins;

import io.theia.core.internal.config.PluginsConfig;
import org.pf4j.PluginStatusProvider;

/** Enables and disables plugins by the {@code plugins} section of the configuration, not by files. */
final class ConfiguredPluginStatusProvider implements PluginStatusProvider {

    private final PluginsConfig config;

    ConfiguredPluginStatusProvider(PluginsConfig config) {
        this.config = config;
    }

    @Override
    public boolean isPluginDisabled(String pluginId) {
        return !config.allows(pluginId);
    }

    @Override
    public void disablePlugin(String pluginId) {
        throw new UnsupportedOperationException("plugins are enabled and disabled in the configuration");
    }

    @Override
    public void enablePlugin(String pluginId) {
        throw new UnsupportedOperationException("plugins are enabled and disabled in the configuration");
    }
}
