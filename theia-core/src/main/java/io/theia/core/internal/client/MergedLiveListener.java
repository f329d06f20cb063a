package io.theia.core.internal.client;

import io.theia.api.event.Event;
import java.net.URI;

/**
 * Receives a {@link MergedLive}: the events of several collectors' {@code /live} streams as they arrive. Methods are
 * called one at a time (never concurrently), on client threads; while one runs, the collectors' streams wait.
 */
public interface MergedLiveListener {

    /** A new matching event from any collector (an id already delivered recently is not delivered again). */
    void onEvent(Event event);

    /** {@code collector} dropped {@code count} matching events because this subscriber fell behind. */
    default void onDropped(URI collector, long count) {
    }

    /** {@code collector} closed its stream normally (it is stopping); the others are still followed. */
    default void onCollectorEnded(URI collector) {
    }

    /**
     * With partial results asked for: a collector could not be followed or its stream broke off; the others are
     * still followed.
     */
    default void onMissing(MissingCollector notice) {
    }

    /**
     * Following ended: {@code failure} is null when every collector closed its stream normally, else the
     * collector that failed (without partial results) or the last one left that failed. Not called after
     * {@link MergedLive#close()}.
     */
    default void onClosed(CollectorFailedException failure) {
    }
}
