package io.theia.api.store;

/** Saving or deleting events failed; the message names the event or file. Nothing half-written is visible. */
public class EventWriteException extends EventStoreException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message naming what failed. */
    public EventWriteException(String message) {
        super(message);
    }

    /** Creates the exception with a message naming what failed, and its cause. */
    public EventWriteException(String message, Throwable cause) {
        super(message, cause);
    }
}
