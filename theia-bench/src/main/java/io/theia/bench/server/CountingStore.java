package io.theia.bench.server;

import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import io.theia.api.store.EventStore;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/** Passes every call on and counts the events whose save returned. */
final class CountingStore implements EventStore {

    private final EventStore store;
    private final LongAdder saved;

    CountingStore(EventStore store, LongAdder saved) {
        this.store = store;
        this.saved = saved;
    }

    @Override
    public void saveAll(List<Event> events) {
        store.saveAll(events);
        saved.add(events.size());
    }

    @Override
    public Event get(String id) {
        return store.get(id);
    }

    @Override
    public boolean delete(String id) {
        return store.delete(id);
    }

    @Override
    public Stream<Event> search(EventQuery query) {
        return store.search(query);
    }

    @Override
    public void close() {
        store.close();
    }
}
