package io.theia.core.internal.runtime;

import io.theia.core.internal.config.Configuration;
import io.theia.core.internal.plugins.HostServices;
import io.theia.core.internal.plugins.PluginHost;
import io.theia.core.internal.server.StatusServer;
import java.util.Optional;

/**
 * What every mode of the runtime is composed of besides its own parts: the configuration and host services it was
 * started with, the plugin host, the sources, the status listener when configured, and the stack of started parts
 * that closes them all.
 *
 * @param configuration the configuration the runtime was started from
 * @param services the host's services
 * @param plugins the plugin host, started first and closed last
 * @param sources the configured sources
 * @param status the status listener, or empty when the {@code status} section is not configured
 * @param parts every started part, the mode's own included, in start order
 */
record SharedParts(Configuration configuration, HostServices services, PluginHost plugins, SourceGroup sources,
        Optional<StatusServer> status, PartStack parts) {

    /** Creates the plugin host, pushes it onto {@code parts} and starts it: the first step of every mode. */
    static PluginHost startPlugins(PartStack parts, Configuration configuration, HostServices services) {
        PluginHost plugins = parts.push("plugins", new PluginHost(configuration.core().plugins(), services));
        plugins.start();
        return plugins;
    }
}
