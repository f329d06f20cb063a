package io.theia.core.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * A text frame from the collector: {@code ok}, {@code {"ack": N}}, {@code {"error": "…"[, "seq": N]}} or
 * {@code {"dropped": N}}.
 *
 * @param ok whether it was {@code ok}
 * @param ack the acknowledged message number, or -1
 * @param error the error message, or null
 * @param seq the number of the message the error is about, or -1
 * @param dropped how many live events were dropped, or -1
 */
record ControlReply(boolean ok, long ack, String error, long seq, long dropped, String code) {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

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
                        node.hasNonNull("code") ? node.get("code").asText() : null);
            }
        } catch (JsonProcessingException e) {
            // fall through: not a reply this client knows
        }
        return new ControlReply(false, -1, "unexpected reply from the collector: " + text, -1, -1, null);
    }

    /**
     * Whether this is the refusal of a message one of whose events is already stored. The protocol marks that case
     * only by its reason text ({@code "events not stored: … already stored"}, {@code docs/protocol.md}), so this is
     * the one place that reads it.
     */
    boolean alreadyStored() {
        return error != null && error.contains("already stored");
    }

    private static long number(JsonNode node, String key) {
        JsonNode value = node.get(key);
        return value != null && value.canConvertToLong() ? value.longValue() : -1;
    }
}
