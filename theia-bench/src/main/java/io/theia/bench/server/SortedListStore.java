package io.theia.bench.server;

import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import io.theia.api.store.EventStore;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A read-only store over events given in timestamp order: a search costs only the filter, so the /find benchmark
 * measures the server and the wire, not a store.
 */
final class SortedListStore implements EventStore {

    private final List<Event> events;

    SortedListStore(List<Event> events) {
        this.events = new ArrayList<>(events);
    }

    @Override
    public void saveAll(List<Event> batch) {
        throw new UnsupportedOperationException("read-only");
    }

    @Override
    public Event get(String id) {
        throw new UnsupportedOperationException("read-only");
    }

    @Override
    public boolean delete(String id) {
        return false;
    }

    @Override
    public Stream<Event> search(EventQuery query) {
        return events.stream().filter(query::matches).limit(query.limit());
    }

    @Override
    public void close() {
    }
}
