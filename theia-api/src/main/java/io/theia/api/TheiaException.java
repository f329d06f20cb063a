package io.theia.api;

/**
 * The unchecked root of every error theia reports on purpose.
 *
 * <p>Subclasses say which part failed ({@code EventStoreException}, {@code EventFormatException}, …);
 * messages name the thing that failed: a file and byte offset, an event id, a plugin and key.
 */
public class TheiaException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message that names what failed and where. */
    public TheiaException(String message) {
        super(message);
    }

    /** Creates an exception with a message that names what failed and where, and its cause. */
    public TheiaException(String message, Throwable cause) {
        super(message, cause);
    }
}
