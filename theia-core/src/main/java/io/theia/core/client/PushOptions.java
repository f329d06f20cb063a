package io.theia.core.client;

/**
 * How an {@link EventPusher} sends.
 *
 * @param acknowledged whether to ask the collector for acknowledgements ({@code /event?ack=1}): a push then
 *     completes only once the collector has stored its events durably per the store's mode; without, it completes
 *     once the message is written to the network
 * @param maxMessageBytes the largest message the pusher builds when batching; a list of events is split into as
 *     few messages as fit (must not exceed the collector's {@code server.maxMessageBytes})
 * @param maxInFlight how many messages may be sent and not yet completed; {@code push} blocks beyond that
 */
public record PushOptions(boolean acknowledged, int maxMessageBytes, int maxInFlight) {

    /** The default largest message: 1 MiB. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;
    /** The default number of messages in flight. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 1024;

    /** Checks the limits. */
    public PushOptions {
        if (maxMessageBytes <= 0) {
            throw new IllegalArgumentException("maxMessageBytes must be positive, not " + maxMessageBytes);
        }
        if (maxInFlight <= 0) {
            throw new IllegalArgumentException("maxInFlight must be positive, not " + maxInFlight);
        }
    }

    /** Default limits, with or without acknowledgements. */
    public static PushOptions defaults(boolean acknowledged) {
        return new PushOptions(acknowledged, DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_MAX_IN_FLIGHT);
    }
}
