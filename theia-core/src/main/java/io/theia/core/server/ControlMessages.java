package io.theia.core.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The text frames the collector sends besides events, in the original's style ({@code json.dumps}: a space after
 * each colon). Stateless and thread-safe.
 */
final class ControlMessages {

    /** The reply that opens a {@code /find} or {@code /live} stream. */
    static final String OK = "ok";

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private ControlMessages() {
    }

    /** {@code {"error": "<message>"}}. */
    static String error(String message) {
        return "{\"error\": " + quote(message) + "}";
    }

    /** {@code {"error": "<message>", "seq": N}}: the error of message {@code sequence} of an acknowledged push. */
    static String error(String message, long sequence) {
        return "{\"error\": " + quote(message) + ", \"seq\": " + sequence + "}";
    }

    /**
     * {@code {"error": "<message>", "code": "<code>"}}, with {@code "seq": N} when {@code sequence} is not negative:
     * a refusal with a machine-readable reason, such as {@code rate_limited} ({@code docs/security.md}).
     */
    static String refusal(String code, String message, long sequence) {
        return "{\"error\": " + quote(message) + ", \"code\": " + quote(code)
                + (sequence >= 0 ? ", \"seq\": " + sequence : "") + "}";
    }

    /** {@code {"ack": N}}: the events of message {@code sequence} are stored. */
    static String ack(long sequence) {
        return "{\"ack\": " + sequence + "}";
    }

    /** {@code {"dropped": N}}: N matching events were dropped for a live subscriber that fell behind. */
    static String dropped(long count) {
        return "{\"dropped\": " + count + "}";
    }

    static String quote(String text) {
        try {
            return JSON.writeValueAsString(text == null ? "unknown error" : text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON string", e);
        }
    }
}
