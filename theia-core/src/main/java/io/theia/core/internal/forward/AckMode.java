package io.theia.core.internal.forward;

import java.util.Locale;

/** Whether a {@link ForwardingSink} asks the collector for acknowledgements ({@code forward.acknowledge}). */
public enum AckMode {

    /**
     * Ask, and fall back to best effort (as {@link #NEVER}) when the collector answers without an acknowledgement
     * (an empty or unexpected reply) or not within the ack timeout; what was sent before is sent again.
     */
    AUTO,
    /** Always ask and wait: against a collector that never acknowledges, nothing is ever delivered. */
    ALWAYS,
    /**
     * Never ask (best effort): one event per message, and a delivery completes once the collector has received its
     * events.
     */
    NEVER;

    /** The mode for a {@code forward.acknowledge} value: {@code auto}, {@code true} or {@code false}. */
    public static AckMode of(String setting) {
        return switch (setting.trim().toLowerCase(Locale.ROOT)) {
            case "auto" -> AUTO;
            case "true" -> ALWAYS;
            case "false" -> NEVER;
            default -> throw new IllegalArgumentException("acknowledge must be auto, true or false, not '" + setting
                    + "'");
        };
    }
}
