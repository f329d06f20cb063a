package io.theia.core.config;

/**
 * The {@code forward} section: the remote collector an agent ({@code theia watch}) sends its events to.
 *
 * @param host the collector's host; absent when events are stored locally
 * @param port the collector's port (default 6433)
 */
public record ForwardConfig(String host, Integer port) {

    /** Applies defaults and checks ranges. */
    public ForwardConfig {
        port = port == null ? ServerConfig.DEFAULT_PORT : port;
        if (port <= 0 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " is not between 1 and 65535");
        }
    }

    /** Whether events go to a remote collector. */
    public boolean enabled() {
        return host != null && !host.isBlank();
    }
}
