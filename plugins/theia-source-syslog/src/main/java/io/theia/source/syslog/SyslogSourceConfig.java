package io.theia.source.syslog;

import java.util.ArrayList;
import java.util.List;

/**
 * Settings of a {@code syslog} source, as written in a {@code sources} entry of the configuration:
 *
 * <pre>{@code
 * sources:
 *   - type: syslog
 *     udp: 0.0.0.0:514
 *     tcp: 0.0.0.0:514
 *     tags: [syslog]
 *     maxMessageBytes: 65536
 * }</pre>
 *
 * <p>Immutable. The compact constructor applies the defaults and reports every invalid value at once, in one
 * {@link IllegalArgumentException} whose message names each key.
 *
 * @param udp where to listen for UDP datagrams ({@code host:port}); absent: no UDP listener
 * @param tcp where to listen for TCP connections ({@code host:port}); absent: no TCP listener. At least one of
 *     {@code udp} and {@code tcp} must be given. Port 0 picks a free port (logged when the source starts).
 * @param tags tags added to every event, after those taken from the message
 * @param maxMessageBytes the longest message kept, in bytes (default {@value #DEFAULT_MAX_MESSAGE_BYTES}); a longer
 *     one is cut there and tagged {@value SyslogEvents#TRUNCATED_TAG}
 */
public record SyslogSourceConfig(String udp, String tcp, List<String> tags, Integer maxMessageBytes) {

    /** The default {@code maxMessageBytes}: 64 KiB, about the largest UDP datagram. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024;
    /** The smallest {@code maxMessageBytes} accepted (RFC 5424 asks receivers to take 480 bytes at least). */
    public static final int MIN_MESSAGE_BYTES = 480;
    /** The largest {@code maxMessageBytes} accepted. */
    public static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

    /** Applies the defaults and checks every value. */
    public SyslogSourceConfig {
        List<String> problems = new ArrayList<>();
        if (isBlank(udp) && isBlank(tcp)) {
            problems.add("udp / tcp: give at least one address to listen on, e.g. udp: 0.0.0.0:514");
        }
        udp = isBlank(udp) ? null : udp;
        tcp = isBlank(tcp) ? null : tcp;
        if (udp != null) {
            ListenAddress.parse("udp", udp, problems);
        }
        if (tcp != null) {
            ListenAddress.parse("tcp", tcp, problems);
        }
        tags = tags == null ? List.of() : List.copyOf(tags);
        for (String tag : tags) {
            if (tag.isEmpty() || tag.contains(",") || tag.contains("\n") || tag.contains("\r")) {
                problems.add("tags: '" + tag + "' is not a valid tag (it must be non-empty, without ',' or line "
                        + "breaks)");
            }
        }
        maxMessageBytes = maxMessageBytes == null ? DEFAULT_MAX_MESSAGE_BYTES : maxMessageBytes;
        if (maxMessageBytes < MIN_MESSAGE_BYTES || maxMessageBytes > MAX_MESSAGE_BYTES) {
            problems.add("maxMessageBytes: must be between " + MIN_MESSAGE_BYTES + " and " + MAX_MESSAGE_BYTES
                    + ", not " + maxMessageBytes);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    /** The UDP address to listen on, or null. */
    ListenAddress udpAddress() {
        return udp == null ? null : ListenAddress.parse("udp", udp, new ArrayList<>());
    }

    /** The TCP address to listen on, or null. */
    ListenAddress tcpAddress() {
        return tcp == null ? null : ListenAddress.parse("tcp", tcp, new ArrayList<>());
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
