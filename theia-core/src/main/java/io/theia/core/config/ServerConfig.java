package io.theia.core.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

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
 * @param compression the WebSocket endpoints ({@code event}, {@code find}, {@code live}) on which the server accepts
 *     a client's offer of permessage-deflate (RFC 7692); on every other endpoint it declines the offer and the
 *     connection runs uncompressed. Default: none, see {@code docs/protocol.md} for the measurements behind it
 */
public record ServerConfig(
        String host, Integer port, Long maxMessageBytes, Integer maxConnections, Duration idleTimeout,
        Boolean enabled, Integer liveQueue, List<String> compression) {

    /** The default port, as the original's. */
    public static final int DEFAULT_PORT = 6433;

    /** The endpoints {@code compression} may name. */
    public static final List<String> COMPRESSIBLE_ENDPOINTS = List.of("event", "find", "live");

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
        compression = compression == null ? List.of() : compression.stream()
                .map(name -> name.strip().toLowerCase(Locale.ROOT)).filter(name -> !name.isEmpty()).distinct()
                .toList();
        for (String endpoint : compression) {
            if (!COMPRESSIBLE_ENDPOINTS.contains(endpoint)) {
                throw new IllegalArgumentException("compression names an unknown endpoint '" + endpoint
                        + "'; allowed: " + String.join(", ", COMPRESSIBLE_ENDPOINTS));
            }
        }
    }

    /** Settings without compression (its default), for code that sets only the others. */
    public ServerConfig(String host, Integer port, Long maxMessageBytes, Integer maxConnections, Duration idleTimeout,
            Boolean enabled, Integer liveQueue) {
        this(host, port, maxMessageBytes, maxConnections, idleTimeout, enabled, liveQueue, null);
    }

    /** All defaults. */
    public static ServerConfig defaults() {
        return new ServerConfig(null, null, null, null, null, null, null, null);
    }

    /** Whether the server accepts permessage-deflate on {@code endpoint} ({@code event}, {@code find}, {@code live}). */
    public boolean compresses(String endpoint) {
        return compression.contains(endpoint);
    }
}
