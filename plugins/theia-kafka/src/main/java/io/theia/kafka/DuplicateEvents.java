package io.theia.kafka;

import java.util.function.Predicate;

/**
 * Recognises a store's refusal of an event whose id is already stored: a record the group consumed again after a
 * rebalance or a crash, whose save had finished but whose offset was not committed yet.
 *
 * <p>The check is by type, never by message: {@code io.theia.api.store.DuplicateEventException} anywhere in the
 * cause chain. The type is looked up by name, so this plugin also loads into a host whose API predates it; such a
 * host gives no typed refusal, and the source then saves the refused event again after a pause instead of
 * dropping it (it cannot tell a duplicate from a failing store there).
 */
final class DuplicateEvents {

    /** The name of the API's duplicate-id refusal. */
    static final String TYPE_NAME = "io.theia.api.store.DuplicateEventException";
    /** The API's duplicate-id refusal, when the host's API has it. */
    static final Predicate<Throwable> TYPED = typed(TYPE_NAME);

    /** Whether the host's API has the typed refusal; without it, no refusal is recognised as a duplicate. */
    static boolean typedAvailable() {
        try {
            Class.forName(TYPE_NAME, false, io.theia.api.store.EventWriteException.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private DuplicateEvents() {
    }

    /** A check for the exception type of that name, as loaded by the API's class loader; never true if absent. */
    static Predicate<Throwable> typed(String className) {
        Class<?> type;
        try {
            type = Class.forName(className, false, io.theia.api.store.EventWriteException.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return failure -> false;
        }
        Class<?> found = type;
        return failure -> {
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                if (found.isInstance(cause)) {
                    return true;
                }
            }
            return false;
        };
    }
}
