package io.theia.core.internal.config;

import java.time.Duration;

/**
 * The {@code forward.retry} section: exponential back-off with jitter between attempts to reconnect to the
 * collector and to resend a message it refused. The n-th wait is a random time between half and all of
 * {@code min(maxBackoff, initialBackoff × 2^(n-1))}.
 *
 * @param initialBackoff the first wait (default 100ms)
 * @param maxBackoff the longest wait (default 10s)
 */
public record ForwardRetryConfig(Duration initialBackoff, Duration maxBackoff) {

    /** Applies defaults and checks ranges. */
    public ForwardRetryConfig {
        initialBackoff = ForwardConfig.positive("initialBackoff", initialBackoff, Duration.ofMillis(100));
        maxBackoff = ForwardConfig.positive("maxBackoff", maxBackoff, Duration.ofSeconds(10));
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff (" + maxBackoff + ") must not be shorter than "
                    + "initialBackoff (" + initialBackoff + ")");
        }
    }
}
