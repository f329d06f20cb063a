package io.theia.core.internal.client;

/**
 * How an {@link EventPusher} sends.
 *
 * @param confirmation when a pushed message counts as done
 * @param maxMessageBytes the largest message the pusher builds when batching; a list of events is split into as
 *     few messages as fit (must not exceed the collector's {@code server.maxMessageBytes})
 * @param maxInFlight how many messages may be sent and not yet completed; {@code push} blocks beyond that
 */
public record PushOptions(Confirmation confirmation, int maxMessageBytes, int maxInFlight) {

    /** The default largest message: 1 MiB. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;
    /** The default number of messages in flight. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 1024;

    /** When a pushed message counts as done. */
    public enum Confirmation {
        /**
         * Ask the collector for acknowledgements ({@code /event?ack=1}): a message is done once the collector has
         * stored its events durably per the store's mode.
         */
        ACKNOWLEDGED,
        /**
         * No acknowledgements ({@code /event}); a message is done once the collector's WebSocket has received it: a
         * ping sent after it was written came back as a pong (every WebSocket server answers pings, in order). Not
         * that it was stored, but not lost in this side's or the network's buffers either.
         */
        RECEIVED,
        /** No acknowledgements ({@code /event}); a message is done once it is written to the connection. */
        WRITTEN
    }

    /** Checks the limits. */
    public PushOptions {
        if (confirmation == null) {
            throw new IllegalArgumentException("confirmation must be given");
        }
        if (maxMessageBytes <= 0) {
            throw new IllegalArgumentException("maxMessageBytes must be positive, not " + maxMessageBytes);
        }
        if (maxInFlight <= 0) {
            throw new IllegalArgumentException("maxInFlight must be positive, not " + maxInFlight);
        }
    }

    /**
     * Options with acknowledgements, or without them (then a message is done once written).
     *
     * @param acknowledged whether to ask the collector for acknowledgements ({@code /event?ack=1})
     */
    public PushOptions(boolean acknowledged, int maxMessageBytes, int maxInFlight) {
        this(acknowledged ? Confirmation.ACKNOWLEDGED : Confirmation.WRITTEN, maxMessageBytes, maxInFlight);
    }

    /** Whether the collector is asked for acknowledgements. */
    public boolean acknowledged() {
        return confirmation == Confirmation.ACKNOWLEDGED;
    }

    /** Default limits, with acknowledgements or without them (done once written). */
    public static PushOptions defaults(boolean acknowledged) {
        return new PushOptions(acknowledged, DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_MAX_IN_FLIGHT);
    }

    /** Default limits with the given confirmation. */
    public static PushOptions defaults(Confirmation confirmation) {
        return new PushOptions(confirmation, DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_MAX_IN_FLIGHT);
    }
}
