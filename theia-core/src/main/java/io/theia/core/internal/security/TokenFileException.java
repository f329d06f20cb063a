package io.theia.core.internal.security;

import io.theia.api.TheiaException;

/** A token file that cannot be read or holds a bad line; the message names the file and the line number. */
public final class TokenFileException extends TheiaException {

    private static final long serialVersionUID = 1L;

    private final int line;

    TokenFileException(String message, int line, Throwable cause) {
        super(message, cause);
        this.line = line;
    }

    /** The number (from 1) of the bad line, or 0 when the file as a whole could not be read. */
    public int line() {
        return line;
    }
}
