package io.theia.core.internal.client;

import java.util.Optional;

/**
 * The machine-readable {@code code} of a collector's reply on {@code /event} ({@code docs/protocol.md}): what a
 * client decides on, never the reply's English text. The original Python collector sends no codes; its replies
 * carry none and a client reads them as before. Unknown codes (from a newer collector) read as absent.
 */
public enum ReplyCode {

    /** {@code {"ack": N, "code": "stored"}}: the events of message N are stored on stable storage. */
    STORED("stored"),
    /** The message did not parse (or held no event): nothing of it is stored; sending it again cannot help. */
    MALFORMED("malformed"),
    /** An event id of the message is already stored (a resend): nothing of it is stored now; it arrived before. */
    ALREADY_STORED("already_stored"),
    /** The store could not undo a failed write or make it durable: each event may or may not be stored. */
    IN_DOUBT("in_doubt"),
    /** The store refused the message for another reason: nothing of it is stored; it may be sent again later. */
    NOT_STORED("not_stored"),
    /**
     * The message is over its token's ingest rate ({@code docs/security.md}): nothing of it is stored; it may be sent
     * again after a pause.
     */
    RATE_LIMITED("rate_limited");

    private final String wire;

    ReplyCode(String wire) {
        this.wire = wire;
    }

    /** The code as it is spelled on the wire, e.g. {@code already_stored}. */
    public String wire() {
        return wire;
    }

    /** The code spelled {@code wire}, or empty when it is null or unknown. */
    public static Optional<ReplyCode> fromWire(String wire) {
        if (wire != null) {
            for (ReplyCode code : values()) {
                if (code.wire.equals(wire)) {
                    return Optional.of(code);
                }
            }
        }
        return Optional.empty();
    }
}
