package io.theia.core.internal.runtime;

import io.theia.api.TheiaException;

/** No configured source could start, so the run would do nothing; the message names each source and why. */
public final class SourceStartException extends TheiaException {

    private static final long serialVersionUID = 1L;

    /** An exception with a message naming every failed source. */
    public SourceStartException(String message) {
        super(message);
    }
}
