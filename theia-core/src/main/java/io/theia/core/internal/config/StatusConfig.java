package io.theia.core.internal.config;

import io.theia.api.plugin.InvalidSettingsException;
import java.util.List;

/**
 * The {@code status} section: an HTTP listener that answers {@code GET /health} and {@code GET /metrics} for a
 * process without a collector server, such as an agent ({@code theia watch}). Off unless a port is given.
 *
 * @param host the address to listen on (default {@code 127.0.0.1}: only this machine)
 * @param port the port; absent: no listener; 0 picks a free one
 */
public record StatusConfig(String host, Integer port) {

    /** Applies defaults and checks the port. */
    public StatusConfig {
        host = host == null ? "127.0.0.1" : host;
        if (port != null && (port < 0 || port > 65_535)) {
            throw new InvalidSettingsException(List.of(new InvalidSettingsException.Problem("port",
                    "must be between 0 and 65535, not " + port)));
        }
    }

    /** Whether a listener is configured. */
    public boolean enabled() {
        return port != null;
    }
}
