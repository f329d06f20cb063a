package io.theia.core.internal.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.theia.core.internal.WireJson;

/**
 * A text frame from the collector: {@code ok}, {@code {"ack": N[, "code": C]}},
 * {@code {"error": "…"[, "seq": N][, "code": C]}} or {@code {"dropped": N}}. A client decides on {@link #code()},
 * never on the error's text; the original collector sends no codes.
 *
 * @param ok whether it was {@code ok}
 * @param ack the acknowledged message number, or -1
 * @param error the error message, or null
 * @param seq the number of the message the error is about, or -1
 * @param dropped how many live events were dropped, or -1
 * @param code the reply's code, or null when it has none (the original collector) or one this client does not know
 */
record ControlReply(boolean ok, long ack, String error, long seq, long dropped, ReplyCode code) {

    private static final ObjectMapper JSON = WireJson.MAPPER;

    static ControlReply parse(String text) {
        if (text.equals("ok")) {
            return new ControlReply(true, -1, null, -1, -1, null);
        }
        try {
            JsonNode node = JSON.readTree(text);
            if (node != null && node.isObject()) {
                return new ControlReply(false, number(node, "ack"),
                        node.hasNonNull("error") ? node.get("error").asText() : null,
                        number(node, "seq"), number(node, "dropped"),
                        ReplyCode.fromWire(node.path("code").textValue()).orElse(null));
            }
        } catch (JsonProcessingException e) {
            // fall through: not a reply this client knows
        }
        return new ControlReply(false, -1, "unexpected reply from the collector: " + text, -1, -1, null);
    }

    /**
     * Whether this is the refusal of a message one of whose events is already stored: its code says so
     * ({@code already_stored}, {@code docs/protocol.md}). A refusal without a code is never taken for one, whatever
     * its text. The original collector never refuses a numbered message (it does not acknowledge at all), so a
     * code-less numbered refusal comes only from a build of this collector older than the codes: there a resent
     * event that is already stored is retried with back-off, not counted as delivered.
     */
    boolean alreadyStored() {
        return error != null && code == ReplyCode.ALREADY_STORED;
    }

    private static long number(JsonNode node, String key) {
        JsonNode value = node.get(key);
        return value != null && value.canConvertToLong() ? value.longValue() : -1;
    }
}
