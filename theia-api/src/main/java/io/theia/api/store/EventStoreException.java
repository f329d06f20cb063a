package io.theia.api.store;

import io.theia.api.TheiaException;

/**
 * A store operation failed. The message names the store's file, event or offset involved.
 *
 * <p>Also thrown, as this class itself, for any operation on a store that has been closed.
 */
public class EventStoreException extends TheiaException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message naming what failed. */
    public EventStoreException(String message) {
        super(message);
    }

    /** Creates the exception with a message naming what failed, and its cause. */
    public EventStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
