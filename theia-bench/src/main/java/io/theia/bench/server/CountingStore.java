package io.theia.bench.server;

import io.theia.api.event.Event;
import io.theia.api.store.EventStore;
import io.theia.api.testkit.DelegatingEventStore;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/** Passes every call on and counts the events whose save returned. */
final class CountingStore extends DelegatingEventStore {

    private final LongAdder saved;

    CountingStore(EventStore store, LongAdder saved) {
        super(store);
        this.saved = saved;
    }

    @Override
    public void saveAll(List<Event> events) {
        super.saveAll(events);
        saved.add(events.size());
    }
}
