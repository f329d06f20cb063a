package io.theia.core.internal.config;

import io.theia.api.plugin.InvalidSettingsException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code server} section: where the collector listens and its limits.
 *
 * @param host the address to listen on (default {@code 127.0.0.1}, only this machine, as the original; give
 *     {@code 0.0.0.0} for every interface, with TLS and tokens: {@code docs/security.md})
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
 * @param maxPatternLength the most characters a pattern in criteria may have (default 4096)
 * @param maxPatternProgram the most instructions a pattern in criteria may compile to (default 100,000)
 * @param headerTimeout how long a new connection may take to send its HTTP request or upgrade, and how long a plain
 *     HTTP connection may stay silent (default 10s); the WebSocket {@code idleTimeout} applies once upgraded
 * @param maxConnectionsPerAddress the most TCP connections one remote address may hold open at once, upgraded or
 *     not (default 64); further ones are closed at once
 * @param messageBudget the most bytes all connections together may hold of messages that have not fully arrived
 *     (default 256 MiB); a connection whose unfinished message would exceed it is closed with 1013
 * @param messageStallTimeout how long an unfinished message may go without receiving a byte (default 30s); the
 *     connection is then closed with 1008
 * @param console whether to serve the web console at {@code GET /} and the histogram at {@code GET /histogram}
 *     (default true; {@code docs/console.md})
 */
public record ServerConfig(
        String host, Integer port, Long maxMessageBytes, Integer maxConnections, Duration idleTimeout,
        Boolean enabled, Integer liveQueue, List<String> compression, Integer maxPatternLength,
        Integer maxPatternProgram, Duration headerTimeout, Integer maxConnectionsPerAddress, Long messageBudget,
        Duration messageStallTimeout, Boolean console) {

    /** The default port, as the original's. */
    public static final int DEFAULT_PORT = 6433;

    /** The endpoints {@code compression} may name. */
    public static final List<String> COMPRESSIBLE_ENDPOINTS = List.of("event", "find", "live");

    /** Applies defaults and checks ranges, refusing every bad value at once. */
    public ServerConfig {
        List<InvalidSettingsException.Problem> problems = new ArrayList<>();
        host = host == null ? "127.0.0.1" : host;
        port = port == null ? DEFAULT_PORT : port;
        if (port < 0 || port > 65_535) {
            problems.add(new InvalidSettingsException.Problem("port", "must be between 0 and 65535, not " + port));
        }
        maxMessageBytes = maxMessageBytes == null ? 16L * 1024 * 1024 : maxMessageBytes;
        positive(problems, "maxMessageBytes", maxMessageBytes);
        maxConnections = maxConnections == null ? 1024 : maxConnections;
        positive(problems, "maxConnections", maxConnections);
        idleTimeout = idleTimeout == null ? Duration.ofMinutes(30) : idleTimeout;
        positive(problems, "idleTimeout", idleTimeout);
        enabled = enabled == null || enabled;
        liveQueue = liveQueue == null ? 10_000 : liveQueue;
        positive(problems, "liveQueue", liveQueue);
        compression = compression == null ? List.of() : compression.stream()
                .map(name -> name.strip().toLowerCase(Locale.ROOT)).filter(name -> !name.isEmpty()).distinct()
                .toList();
        for (String endpoint : compression) {
            if (!COMPRESSIBLE_ENDPOINTS.contains(endpoint)) {
                problems.add(new InvalidSettingsException.Problem("compression", "names an unknown endpoint '"
                        + endpoint + "'; allowed: " + String.join(", ", COMPRESSIBLE_ENDPOINTS)));
            }
        }
        maxPatternLength = maxPatternLength == null ? 4096 : maxPatternLength;
        positive(problems, "maxPatternLength", maxPatternLength);
        maxPatternProgram = maxPatternProgram == null ? 100_000 : maxPatternProgram;
        positive(problems, "maxPatternProgram", maxPatternProgram);
        headerTimeout = headerTimeout == null ? Duration.ofSeconds(10) : headerTimeout;
        positive(problems, "headerTimeout", headerTimeout);
        maxConnectionsPerAddress = maxConnectionsPerAddress == null ? 64 : maxConnectionsPerAddress;
        positive(problems, "maxConnectionsPerAddress", maxConnectionsPerAddress);
        messageBudget = messageBudget == null ? 256L * 1024 * 1024 : messageBudget;
        positive(problems, "messageBudget", messageBudget);
        messageStallTimeout = messageStallTimeout == null ? Duration.ofSeconds(30) : messageStallTimeout;
        positive(problems, "messageStallTimeout", messageStallTimeout);
        console = console == null || console;
        InvalidSettingsException.throwIfAny(problems);
    }

    /** Settings without {@code console} (served, its default). */
    public ServerConfig(String host, Integer port, Long maxMessageBytes, Integer maxConnections, Duration idleTimeout,
            Boolean enabled, Integer liveQueue, List<String> compression, Integer maxPatternLength,
            Integer maxPatternProgram, Duration headerTimeout, Integer maxConnectionsPerAddress, Long messageBudget,
            Duration messageStallTimeout) {
        this(host, port, maxMessageBytes, maxConnections, idleTimeout, enabled, liveQueue, compression,
                maxPatternLength, maxPatternProgram, headerTimeout, maxConnectionsPerAddress, messageBudget,
                messageStallTimeout, null);
    }

    /** Settings without compression, pattern and abuse limits (their defaults), for code that sets only the others. */
    public ServerConfig(String host, Integer port, Long maxMessageBytes, Integer maxConnections, Duration idleTimeout,
            Boolean enabled, Integer liveQueue) {
        this(host, port, maxMessageBytes, maxConnections, idleTimeout, enabled, liveQueue, null, null, null, null,
                null, null, null, null);
    }

    /** All defaults. */
    public static ServerConfig defaults() {
        return new ServerConfig(null, null, null, null, null, null, null);
    }

    /** Whether the server accepts permessage-deflate on {@code endpoint} ({@code event}, {@code find}, {@code live}). */
    public boolean compresses(String endpoint) {
        return compression.contains(endpoint);
    }

    private static void positive(List<InvalidSettingsException.Problem> problems, String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            problems.add(new InvalidSettingsException.Problem(key, "must be positive, not " + value));
        }
    }

    private static void positive(List<InvalidSettingsException.Problem> problems, String key, long value) {
        if (value <= 0) {
            problems.add(new InvalidSettingsException.Problem(key, "must be positive, not " + value));
        }
    }
}
