package io.theia.core.server;

import io.theia.api.TheiaException;

/** The collector server could not start; the message names the address and the cause. */
public class ServerException extends TheiaException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with its message and cause. */
    public ServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
