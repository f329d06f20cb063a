package io.theia.api.store;

/**
 * Thrown out of a query's matching methods (and so out of a store's search) once the query's cancellation signal
 * ({@link EventQuery.Builder#cancelledWhen}) says its reader is gone: a store scanning records that do not match
 * stops at the next record instead of reading to the end.
 */
public class SearchCancelledException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public SearchCancelledException() {
        super("the search was cancelled: its reader is gone");
    }
}
