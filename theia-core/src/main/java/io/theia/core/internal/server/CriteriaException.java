package io.theia.core.internal.server;

import io.theia.api.TheiaException;

/** Criteria sent to {@code /find} or {@code /live} that cannot be used; the message says what is wrong. */
public class CriteriaException extends TheiaException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message naming the key and the problem. */
    public CriteriaException(String message) {
        super(message);
    }

    /** Creates the exception with a message naming the problem, and its cause. */
    public CriteriaException(String message, Throwable cause) {
        super(message, cause);
    }
}
