package io.theia.core.internal.security;

import io.theia.api.TheiaException;

/** TLS material that cannot be used: a missing or unreadable PEM file, or a key that does not fit its certificate. */
public final class TlsException extends TheiaException {

    private static final long serialVersionUID = 1L;

    /** With the file and the problem in {@code message}. */
    public TlsException(String message, Throwable cause) {
        super(message, cause);
    }
}
