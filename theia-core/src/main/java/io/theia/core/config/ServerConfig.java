package io.theia.core.config;

import java.time.Duration;

/**
 * The {@code server} section: where the collector listens and its limits.
 *
 * @param host the address to listen on (default {@code 0.0.0.0}, every interface)
 * @param port the port (default 6433, as the original; 0 picks a free one)
 * @param maxMessageBytes the largest WebSocket message accepted (default 16 MiB)
 * @param maxConnections the most connections served at once (default 1024)
 * @param idleTimeout how long a connection may stay silent before it is closed (default 30m)
 * @param enabled whether to serve the WebSocket API at all (default true)
 * @param liveQueue how many events may wait for one {@code /live} subscriber before further ones are dropped for
 *     it (default 10000)
 */
public record ServerConfig(
        String host, Integer port, Long maxMessageBytes, Integer maxConnections, Duration idleTimeout,
        Boolean enabled, Integer liveQueue) {

    /** The default port, as the original's. */
    public static final int DEFAULT_PORT = 6433;

    /** Applies defaults and checks ranges. */
    public ServerConfig {
        host = host == null ? "0.0.0.0" : host;
        port = port == null ? DEFAULT_PORT : port;
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " is not between 0 and 65535");
        }
        maxMessageBytes = maxMessageBytes == null ? 16L * 1024 * 1024 : maxMessageBytes;
        if (maxMessageBytes <= 0) {
            throw new IllegalArgumentException("maxMessageBytes must be positive, not " + maxMessageBytes);
        }
        maxConnections = maxConnections == null ? 1024 : maxConnections;
        if (maxConnections <= 0) {
            throw new IllegalArgumentException("maxConnections must be positive, not " + maxConnections);
        }
        idleTimeout = idleTimeout == null ? Duration.ofMinutes(30) : idleTimeout;
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout must be positive, not " + idleTimeout);
        }
        enabled = enabled == null || enabled;
        liveQueue = liveQueue == null ? 10_000 : liveQueue;
        if (liveQueue <= 0) {
            throw new IllegalArgumentException("liveQueue must be positive, not " + liveQueue);
        }
    }

    /** All defaults. */
    public static ServerConfig defaults() {
        return new ServerConfig(null, null, null, null, null, null, null);
    }
}
