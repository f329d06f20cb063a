package io.theia.core.internal.server;

import java.util.Map;

/**
 * Answers {@code GET /health}: whether the collector can take events now. Implementations must be cheap (called
 * per request) and thread-safe.
 */
@FunctionalInterface
public interface HealthCheck {

    /** The current state. */
    Health check();

    /**
     * A health answer.
     *
     * @param healthy whether events can be stored (HTTP 200) or not (HTTP 503)
     * @param details what to report besides the status, e.g. {@code store} or {@code reason}; written as JSON
     */
    record Health(boolean healthy, Map<String, Object> details) {

        /** Copies the details. */
        public Health {
            details = Map.copyOf(details);
        }

        /** Healthy, with details. */
        public static Health up(Map<String, Object> details) {
            return new Health(true, details);
        }

        /** Unhealthy, with the reason. */
        public static Health down(String reason) {
            return new Health(false, Map.of("reason", reason));
        }
    }
}
