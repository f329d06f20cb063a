package io.theia.core.pipeline;

import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import io.theia.api.store.EventStore;
import java.util.List;
import java.util.stream.Stream;

/** A store that passes every call on; tests override what they watch. */
class DelegatingStore implements EventStore {

    private final EventStore delegate;

    DelegatingStore(EventStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public void saveAll(List<Event> events) {
        delegate.saveAll(events);
    }

    @Override
    public Event get(String id) {
        return delegate.get(id);
    }

    @Override
    public boolean delete(String id) {
        return delegate.delete(id);
    }

    @Override
    public Stream<Event> search(EventQuery query) {
        return delegate.search(query);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
