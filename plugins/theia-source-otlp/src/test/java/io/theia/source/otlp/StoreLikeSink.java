package io.theia.source.otlp;

import io.theia.api.event.Event;
import io.theia.api.source.EventSink;
import io.theia.api.store.DuplicateEventException;
import io.theia.api.store.EventWriteException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A sink that keeps events as a store does: a batch with an id already kept is refused whole, with the text every
 * store uses ("already stored"); it can be told to refuse the next deliveries as a failing store would. Thread-safe.
 */
final class StoreLikeSink implements EventSink {

    private final Map<String, Event> kept = new LinkedHashMap<>();
    private int refuseNext;
    private int refused;

    @Override
    public synchronized CompletionStage<Void> deliver(List<Event> events) {
        if (refuseNext > 0) {
            refuseNext--;
            refused++;
            return CompletableFuture.failedFuture(new EventWriteException("the disk is full (on purpose)"));
        }
        for (Event event : events) {
            if (kept.containsKey(event.id())) {
                return CompletableFuture.failedFuture(new DuplicateEventException(List.of(event.id()),
                        "an event with id '" + event.id() + "' is already stored; nothing of the batch was saved"));
            }
        }
        events.forEach(event -> kept.put(event.id(), event));
        return CompletableFuture.completedFuture(null);
    }

    /** Refuses the next {@code count} deliveries. */
    synchronized StoreLikeSink refuseNext(int count) {
        refuseNext = count;
        return this;
    }

    /** How many deliveries were refused on purpose. */
    synchronized int refused() {
        return refused;
    }

    synchronized List<Event> events() {
        return new ArrayList<>(kept.values());
    }
}
