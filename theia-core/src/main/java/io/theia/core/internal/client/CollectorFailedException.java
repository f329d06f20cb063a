package io.theia.core.internal.client;

import java.net.URI;
import java.util.List;

/**
 * A query over several collectors ({@link CollectorGroup}) failed because of {@link #collectors()}: one could not be
 * reached, refused the query or broke off mid-stream, and partial results were not asked for; or, with partial
 * results asked for, none of them answered. The cause is the first collector's {@link CollectorException}.
 */
public final class CollectorFailedException extends CollectorException {

    private static final long serialVersionUID = 1L;

    private final List<URI> collectors;

    CollectorFailedException(String message, List<URI> collectors, Throwable cause) {
        super(message, cause);
        this.collectors = List.copyOf(collectors);
    }

    /** The failed collector, or every collector of the group when none answered. */
    static CollectorFailedException of(URI collector, Throwable cause) {
        return new CollectorFailedException("collector " + collector + " failed: " + cause.getMessage(),
                List.of(collector), cause);
    }

    /** The collectors (base addresses) that failed: one, or all of the group's when none answered. */
    public List<URI> collectors() {
        return collectors;
    }
}
