package io.theia.core.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;

/**
 * The whole configuration file. The core binds its own sections here; the {@code store} section and each entry
 * of {@code sources} are kept as trees until the plugin that reads them is known (see {@link Configuration}).
 *
 * @param server the collector server
 * @param store the store: {@code type} plus that store's settings (default: the naive store in {@code ./data});
 *     {@code type: none} keeps nothing and only streams live
 * @param sources the event sources: each {@code type} plus that source's settings
 * @param forward the remote collector of an agent
 * @param plugins where plugins are and which to use
 * @param stateDir where sources keep their state, such as checkpoints (default {@code ./state})
 * @param status an optional HTTP listener for {@code /health} and {@code /metrics}, for agents
 * @param logging how much the launcher logs, and in which format
 * @param security TLS, tokens and per-token limits of the collector server ({@code docs/security.md})
 */
public record TheiaConfig(
        ServerConfig server,
        JsonNode store,
        List<JsonNode> sources,
        ForwardConfig forward,
        PluginsConfig plugins,
        Path stateDir,
        StatusConfig status,
        LoggingConfig logging,
        SecurityConfig security) {

    /** Applies defaults. */
    public TheiaConfig {
        server = server == null ? ServerConfig.defaults() : server;
        sources = sources == null ? List.of() : List.copyOf(sources);
        forward = forward == null ? new ForwardConfig(null, null) : forward;
        plugins = plugins == null ? new PluginsConfig(null, null, null) : plugins;
        stateDir = stateDir == null ? Path.of("state") : stateDir;
        status = status == null ? new StatusConfig(null, null) : status;
        logging = logging == null ? new LoggingConfig(null, null) : logging;
        security = security == null ? SecurityConfig.none() : security;
    }
}
