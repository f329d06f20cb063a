package io.theia.core.internal.forward;

import io.theia.core.internal.config.ForwardRetryConfig;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential back-off with jitter: the n-th wait is random between half and all of min(max, initial × 2^(n-1)). */
record Backoff(long initialNanos, long maxNanos) {

    static Backoff of(ForwardRetryConfig config) {
        return new Backoff(config.initialBackoff().toNanos(), config.maxBackoff().toNanos());
    }

    /** The wait before attempt {@code attempt + 1}, after {@code attempt} (≥ 1) failures. */
    long delayNanos(int attempt) {
        int doublings = Math.min(Math.max(attempt - 1, 0), 30);
        long capped = initialNanos > (maxNanos >> doublings) ? maxNanos : Math.min(maxNanos, initialNanos << doublings);
        return capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
    }
}
