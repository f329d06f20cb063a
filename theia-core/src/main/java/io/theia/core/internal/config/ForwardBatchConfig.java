package io.theia.core.internal.config;

import java.time.Duration;

/**
 * The {@code forward.batch} section: how an agent groups events into messages. A message goes out when it holds
 * {@code maxEvents} events or about {@code maxBytes} bytes, or when its first event has waited {@code linger}.
 *
 * @param maxEvents the most events in one message (default 5000)
 * @param maxBytes about the most bytes in one message, estimated from the events' sizes (default 1 MiB)
 * @param linger how long events may wait for more before they are sent (default 20ms; 0 sends at once)
 */
public record ForwardBatchConfig(Integer maxEvents, Long maxBytes, Duration linger) {

    /** Applies defaults and checks ranges. */
    public ForwardBatchConfig {
        maxEvents = maxEvents == null ? 5000 : maxEvents;
        if (maxEvents <= 0) {
            throw new IllegalArgumentException("maxEvents must be positive, not " + maxEvents);
        }
        maxBytes = maxBytes == null ? 1024L * 1024 : maxBytes;
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive, not " + maxBytes);
        }
        linger = linger == null ? Duration.ofMillis(20) : linger;
        if (linger.isNegative()) {
            throw new IllegalArgumentException("linger must not be negative, not " + linger);
        }
    }
}
