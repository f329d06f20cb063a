package io.theia.api.source;

import io.theia.api.event.Event;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Where a source delivers its events: the collector's pipeline, or a forwarder to a remote collector.
 *
 * <p>{@link #deliver} hands a batch over and returns at once; the returned completion finishes normally once
 * every event of the batch is durably accepted downstream (stored as the store's durability mode promises, or
 * acknowledged by the remote collector), and exceptionally with the cause if they are not. A source advances its
 * checkpoint only when the completion finished normally; this is what makes delivery at-least-once with
 * nothing lost across restarts.
 *
 * <p>A sink may apply back-pressure by completing later; a source should bound the batches it has in flight.
 * Implementations are thread-safe.
 */
public interface EventSink {

    /**
     * Delivers events, in order.
     *
     * @return a completion that finishes once the events are durably accepted downstream
     */
    CompletionStage<Void> deliver(List<Event> events);

    /** Delivers one event; see {@link #deliver(List)}. */
    default CompletionStage<Void> deliver(Event event) {
        return deliver(List.of(event));
    }
}
