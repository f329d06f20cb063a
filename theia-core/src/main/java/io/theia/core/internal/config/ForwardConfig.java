package io.theia.core.internal.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The {@code forward} section: the remote collector an agent ({@code theia watch}) sends its events to. Setting
 * {@code host} turns the runtime into an agent: sources deliver to a forwarding sink instead of a local store.
 *
 * @param host the collector's host; absent when events are stored locally
 * @param port the collector's port (default 6433)
 * @param acknowledge {@code auto} (default), {@code true} or {@code false}: whether to ask the collector for
 *     acknowledgements; {@code auto} asks and falls back to best-effort delivery when the first message is not
 *     acknowledged within {@code ackTimeout} (a collector that does not know acknowledgements, such as the
 *     original)
 * @param ackTimeout how long {@code auto} waits for the first acknowledgement (default 10s)
 * @param batch how events are grouped into messages
 * @param retry the back-off between attempts to reconnect and to resend
 * @param maxInFlight how many messages may be sent and not yet acknowledged (default 64)
 * @param maxMessageBytes the largest message sent (default 16 MiB, the collector's default limit); a larger batch
 *     is split, a single larger event fails its delivery
 * @param maxPendingBytes roughly how many bytes of events the sink holds that the collector has not yet
 *     acknowledged (default 64 MiB); deliveries beyond it fail at once, so their source tries again later
 * @param connectTimeout how long one connection attempt may take (default 10s)
 * @param closeTimeout how long closing waits for what is pending to be acknowledged (default 5s)
 * @param tls TLS to the collector ({@code wss://}): whether, the CAs to trust, a client certificate
 *     ({@code docs/security.md}); default: plain {@code ws://}
 * @param token the bearer token sent to the collector; prefer {@code tokenFile} or the environment variable
 *     {@code THEIA_FORWARD_TOKEN} to writing it in a file others can read
 * @param tokenFile a file whose first line is the token
 */
public record ForwardConfig(
        String host, Integer port, String acknowledge, Duration ackTimeout, ForwardBatchConfig batch,
        ForwardRetryConfig retry, Integer maxInFlight, Long maxMessageBytes, Long maxPendingBytes,
        Duration connectTimeout, Duration closeTimeout, ForwardTlsConfig tls, String token, Path tokenFile) {

    /** The values {@code acknowledge} accepts. */
    public static final List<String> ACKNOWLEDGE_VALUES = List.of("auto", "true", "false");

    /** Applies defaults and checks ranges. */
    public ForwardConfig {
        port = port == null ? ServerConfig.DEFAULT_PORT : port;
        if (port <= 0 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " is not between 1 and 65535");
        }
        acknowledge = acknowledge == null ? "auto" : acknowledge.trim().toLowerCase(Locale.ROOT);
        if (!ACKNOWLEDGE_VALUES.contains(acknowledge)) {
            throw new IllegalArgumentException("acknowledge must be auto, true or false, not '" + acknowledge + "'");
        }
        ackTimeout = positive("ackTimeout", ackTimeout, Duration.ofSeconds(10));
        batch = batch == null ? new ForwardBatchConfig(null, null, null) : batch;
        retry = retry == null ? new ForwardRetryConfig(null, null) : retry;
        maxInFlight = maxInFlight == null ? 64 : maxInFlight;
        if (maxInFlight <= 0) {
            throw new IllegalArgumentException("maxInFlight must be positive, not " + maxInFlight);
        }
        maxMessageBytes = maxMessageBytes == null ? 16L * 1024 * 1024 : maxMessageBytes;
        if (maxMessageBytes <= 0 || maxMessageBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("maxMessageBytes must be between 1 and " + Integer.MAX_VALUE + ", not "
                    + maxMessageBytes);
        }
        maxPendingBytes = maxPendingBytes == null ? 64L * 1024 * 1024 : maxPendingBytes;
        if (maxPendingBytes <= 0) {
            throw new IllegalArgumentException("maxPendingBytes must be positive, not " + maxPendingBytes);
        }
        connectTimeout = positive("connectTimeout", connectTimeout, Duration.ofSeconds(10));
        tls = tls == null ? new ForwardTlsConfig(null, null, null, null, null) : tls;
        if (token != null && tokenFile != null) {
            throw new IllegalArgumentException("give token or tokenFile, not both");
        }
        closeTimeout = closeTimeout == null ? Duration.ofSeconds(5) : closeTimeout;
        if (closeTimeout.isNegative()) {
            throw new IllegalArgumentException("closeTimeout must not be negative, not " + closeTimeout);
        }
    }

    /** Without TLS or a token: plain {@code ws://}, as before the {@code security} settings. */
    public ForwardConfig(String host, Integer port, String acknowledge, Duration ackTimeout, ForwardBatchConfig batch,
            ForwardRetryConfig retry, Integer maxInFlight, Long maxMessageBytes, Long maxPendingBytes,
            Duration connectTimeout, Duration closeTimeout) {
        this(host, port, acknowledge, ackTimeout, batch, retry, maxInFlight, maxMessageBytes, maxPendingBytes,
                connectTimeout, closeTimeout, null, null, null);
    }

    /** Only a collector's address, everything else by default. */
    public ForwardConfig(String host, Integer port) {
        this(host, port, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** Hides the token. */
    @Override
    public String toString() {
        return "ForwardConfig[host=" + host + ", port=" + port + ", acknowledge=" + acknowledge + ", tls=" + tls
                + ", token=" + (token == null ? "none" : "(set)") + ", tokenFile=" + tokenFile + "]";
    }

    /** Whether events go to a remote collector (agent mode). */
    public boolean enabled() {
        return host != null && !host.isBlank();
    }

    static Duration positive(String key, Duration value, Duration fallback) {
        Duration result = value == null ? fallback : value;
        if (result.isNegative() || result.isZero()) {
            throw new IllegalArgumentException(key + " must be positive, not " + result);
        }
        return result;
    }
}
