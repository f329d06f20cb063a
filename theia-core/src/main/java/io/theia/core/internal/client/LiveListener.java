package io.theia.core.internal.client;

import io.theia.api.event.Event;

/**
 * Receives a {@code /live} stream. Methods are called one at a time, on a client thread; while one runs, the client
 * reads nothing more from the collector (which drops events for a subscriber that falls far behind and says so
 * through {@link #onDropped}).
 */
public interface LiveListener {

    /** A new matching event. */
    void onEvent(Event event);

    /** The collector dropped {@code count} matching events because this subscriber fell behind. */
    default void onDropped(long count) {
    }

    /**
     * The stream ended: {@code failure} is null when it was closed on purpose, else what went wrong (an error from
     * the collector, a lost connection).
     */
    default void onClosed(Throwable failure) {
    }
}
