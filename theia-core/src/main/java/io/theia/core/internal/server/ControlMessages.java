package io.theia.core.internal.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.theia.api.store.PartialNotice;
import io.theia.core.internal.client.ReplyCode;
import io.theia.core.internal.WireJson;

/**
 * The text frames the collector sends besides events, in the original's style ({@code json.dumps}: a space after
 * each colon). The replies of {@code /event} carry a {@link ReplyCode} after the original's fields, which clients
 * that do not know it ignore. Stateless and thread-safe.
 */
final class ControlMessages {

    /** The reply that opens a {@code /find} or {@code /live} stream. */
    static final String OK = "ok";

    private static final ObjectMapper JSON = WireJson.MAPPER;

    private ControlMessages() {
    }

    /** {@code {"error": "<message>"}}. */
    static String error(String message) {
        return "{\"error\": " + quote(message) + "}";
    }

    /** {@code {"error": "<message>", "code": "<code>"}}: an {@code /event} error without acknowledgements. */
    static String error(String message, ReplyCode code) {
        return "{\"error\": " + quote(message) + ", \"code\": \"" + code.wire() + "\"}";
    }

    /**
     * {@code {"error": "<message>", "seq": N, "code": "<code>"}}: the error of message {@code sequence} of an
     * acknowledged push.
     */
    static String error(String message, long sequence, ReplyCode code) {
        return "{\"error\": " + quote(message) + ", \"seq\": " + sequence + ", \"code\": \"" + code.wire() + "\"}";
    }

    /** {@code {"ack": N, "code": "stored"}}: the events of message {@code sequence} are stored. */
    static String ack(long sequence) {
        return "{\"ack\": " + sequence + ", \"code\": \"" + ReplyCode.STORED.wire() + "\"}";
    }

    /** {@code {"dropped": N}}: N matching events were dropped for a live subscriber that fell behind. */
    static String dropped(long count) {
        return "{\"dropped\": " + count + "}";
    }

    /**
     * {@code {"notice": "<message>", "code": "partial"|"complete", "missing": [...]}} (extension): parts of the
     * answer of a query that accepted partial results are missing, or, for {@code /live}, all are back.
     */
    static String notice(PartialNotice notice) {
        StringBuilder missing = new StringBuilder();
        for (String part : notice.missing()) {
            missing.append(missing.isEmpty() ? "" : ", ").append(quote(part));
        }
        return "{\"notice\": " + quote(notice.message()) + ", \"code\": \"" + (notice.complete() ? "complete"
                : "partial") + "\", \"missing\": [" + missing + "]}";
    }

    static String quote(String text) {
        try {
            return JSON.writeValueAsString(text == null ? "unknown error" : text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON string", e);
        }
    }
}
