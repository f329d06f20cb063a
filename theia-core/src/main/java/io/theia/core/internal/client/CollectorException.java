package io.theia.core.internal.client;

import io.theia.api.TheiaException;

/**
 * The collector refused or could not complete a request: it answered {@code {"error": …}}, closed the connection
 * abnormally, or could not be reached. The message names the collector's address and the reason.
 */
public class CollectorException extends TheiaException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with its message. */
    public CollectorException(String message) {
        super(message);
    }

    /** Creates the exception with its message and cause. */
    public CollectorException(String message, Throwable cause) {
        super(message, cause);
    }
}
