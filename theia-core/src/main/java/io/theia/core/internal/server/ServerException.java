package io.theia.core.internal.server;

import io.theia.api.TheiaException;

/** The collector server could not start; the message names the address and the cause. */
public class ServerException extends TheiaException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with its message and cause. */
    public ServerException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * What went wrong, down to the root cause: Jetty reports a port in use as {@code Failed to bind to
     * 0.0.0.0/0.0.0.0:6433} and keeps {@code Address already in use} in its cause.
     */
    static String causeOf(Throwable failure) {
        StringBuilder text = new StringBuilder(String.valueOf(failure.getMessage()));
        for (Throwable cause = failure.getCause(); cause != null && cause != cause.getCause();
                cause = cause.getCause()) {
            if (cause.getMessage() != null && text.indexOf(cause.getMessage()) < 0) {
                text.append(": ").append(cause.getMessage());
            }
        }
        return text.toString();
    }
}
