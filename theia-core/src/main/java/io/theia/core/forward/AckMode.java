package io.theia.core.forward;

import java.util.Locale;

/** Whether a {@link ForwardingSink} asks the collector for acknowledgements ({@code forward.acknowledge}). */
public enum AckMode {

    /** Ask, and fall back to {@link #NEVER} when the first message is not acknowledged within the ack timeout. */
    AUTO,
    /** Always ask and wait: against a collector that never acknowledges, nothing is ever delivered. */
    ALWAYS,
    /** Never ask: a delivery completes once its events are written to the connection (best effort). */
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
