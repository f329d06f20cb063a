package io.theia.api.testkit;

import io.theia.api.event.Event;
import io.theia.api.store.DuplicateEventException;
import io.theia.api.store.EventNotFoundException;
import io.theia.api.store.EventQuery;
import io.theia.api.store.EventStore;
import io.theia.api.store.EventStoreException;
import io.theia.api.store.EventWriteException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Stream;

/**
 * The simplest correct {@link EventStore}: events in memory, searches copy and sort. The reference the
 * conformance kit is checked against, and a stand-in store for tests of other parts. Thread-safe; nothing is
 * durable.
 */
public final class InMemoryEventStore implements EventStore {

    private final Map<String, Event> events = new LinkedHashMap<>();
    private boolean closed;

    @Override
    public synchronized void saveAll(List<Event> batch) {
        requireOpen();
        Set<String> ids = new HashSet<>();
        for (Event event : batch) {
            if (events.containsKey(event.id())) {
                throw new DuplicateEventException(List.of(event.id()),
                        "an event with id '" + event.id() + "' is already stored");
            }
            if (!ids.add(event.id())) {
                throw new EventWriteException("event id '" + event.id() + "' appears twice in the batch");
            }
        }
        batch.forEach(event -> events.put(event.id(), event));
    }

    @Override
    public synchronized Event get(String id) {
        requireOpen();
        Event event = events.get(id);
        if (event == null) {
            throw new EventNotFoundException(id);
        }
        return event;
    }

    @Override
    public synchronized boolean delete(String id) {
        requireOpen();
        return events.remove(id) != null;
    }

    @Override
    public synchronized Stream<Event> search(EventQuery query) {
        requireOpen();
        Comparator<Event> byTime = Comparator.comparing(Event::timestamp);
        List<Event> matches = new ArrayList<>();
        for (Event event : events.values()) {
            if (query.matches(event)) {
                matches.add(event);
            }
        }
        matches.sort(query.order() == EventQuery.Order.ASC ? byTime : byTime.reversed());
        return matches.stream().limit(query.limit());
    }

    /** Completed at once: a save that returned is as durable as this store ever makes anything. */
    @Override
    public synchronized CompletionStage<Void> whenDurable() {
        requireOpen();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    private void requireOpen() {
        if (closed) {
            throw new EventStoreException("the in-memory store is closed");
        }
    }
}
