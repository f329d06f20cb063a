package io.theia.api.codec;

import io.theia.api.TheiaException;

/**
 * Input that is not a well-formed serialized event (docs/formats.md section 2).
 *
 * <p>The message says what is wrong and at which byte offset of the stream; {@link #offset()} and
 * {@link #reason()} give the two parts separately.
 */
public class EventFormatException extends TheiaException {

    private static final long serialVersionUID = 1L;

    private final long offset;
    private final String reason;

    /**
     * Creates the exception for a problem found at {@code offset} bytes into the stream.
     *
     * @param reason what is wrong, without the offset
     * @param offset the byte offset, counted from the start of the stream (or the offset the reader was told it
     *     starts at)
     */
    public EventFormatException(String reason, long offset) {
        super("malformed event at byte offset " + offset + ": " + reason);
        this.offset = offset;
        this.reason = reason;
    }

    /** The byte offset of the problem. */
    public long offset() {
        return offset;
    }

    /** What is wrong, without the offset. */
    public String reason() {
        return reason;
    }
}
