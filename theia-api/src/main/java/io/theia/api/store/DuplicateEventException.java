package io.theia.api.store;

import java.util.List;
import java.util.Optional;

/**
 * A batch was refused because an event id of it is already stored: nothing of the batch was saved. This is the
 * one refusal that tells a client its event did arrive earlier (a resend after a lost acknowledgement), so every
 * store throws exactly this type for it, whatever its message says; the collector answers it with the reply code
 * {@code already_stored} ({@code docs/protocol.md}) and the agent counts such an event as delivered.
 *
 * <p>Thrown only when an id really is stored. An id given twice within one batch is a plain
 * {@link EventWriteException}: nothing of it is stored.
 */
public class DuplicateEventException extends EventWriteException {

    private static final long serialVersionUID = 1L;

    /** The ids of the batch found already stored; may be empty when the store cannot tell which. */
    private final List<String> ids;

    /**
     * Creates the exception.
     *
     * @param ids the ids found already stored (at least the first one found, where the store knows it)
     * @param message what was refused, naming the id(s)
     */
    public DuplicateEventException(List<String> ids, String message) {
        super(message);
        this.ids = List.copyOf(ids);
    }

    /** The ids of the batch found already stored; empty when the store could not tell which. */
    public List<String> ids() {
        return ids;
    }

    /**
     * The duplicate-id refusal in {@code failure}'s cause chain (a sink's completion wraps it, e.g. in a
     * {@code CompletionException}), or empty when {@code failure} is another failure or null.
     */
    public static Optional<DuplicateEventException> in(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof DuplicateEventException duplicate) {
                return Optional.of(duplicate);
            }
        }
        return Optional.empty();
    }
}
