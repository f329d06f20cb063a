package io.theia.api.store;

/** Reading events failed; the message names the file and byte offset, or the event. */
public class EventReadException extends EventStoreException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message naming what failed. */
    public EventReadException(String message) {
        super(message);
    }

    /** Creates the exception with a message naming what failed, and its cause. */
    public EventReadException(String message, Throwable cause) {
        super(message, cause);
    }
}
