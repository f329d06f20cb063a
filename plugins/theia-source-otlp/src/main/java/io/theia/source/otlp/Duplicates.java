package io.theia.source.otlp;

import java.util.concurrent.CompletionException;

/**
 * Tells a delivery the store refused because an event id is already stored (a record exported again) from every
 * other failure. The {@code EventStore} contract reports such an id only when it really is stored, but theia-api has
 * no type for that outcome yet: a failure counts as "already stored" when an exception in its cause chain is named
 * {@code DuplicateEventException} (the typed outcome planned for theia-api), or when its message says
 * {@code already stored}, the text every store and the collector's protocol use for it (docs/protocol.md). This is
 * the one place to change when the type exists. Stateless.
 */
final class Duplicates {

    private Duplicates() {
    }

    /** Whether the failure is the refusal of an id that is already stored. */
    static boolean alreadyStored(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof CompletionException) {
                continue;
            }
            if (cause.getClass().getSimpleName().equals("DuplicateEventException")) {
                return true;
            }
            String message = cause.getMessage();
            if (message != null && message.contains("already stored")) {
                return true;
            }
        }
        return false;
    }
}
