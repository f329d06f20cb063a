package io.theia.core.server;

import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import io.theia.api.store.EventStore;
import io.theia.api.testkit.InMemoryEventStore;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * An in-memory store whose saves wait at a gate until the test opens it, and which records the ids of the events
 * whose save has returned: the store's durability signal.
 */
final class GatedStore implements EventStore {

    final CountDownLatch saving = new CountDownLatch(1);
    final CountDownLatch gate = new CountDownLatch(1);
    final Set<String> durable = ConcurrentHashMap.newKeySet();
    private final InMemoryEventStore delegate = new InMemoryEventStore();

    @Override
    public void saveAll(List<Event> events) {
        saving.countDown();
        try {
            gate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        delegate.saveAll(events);
        events.forEach(event -> durable.add(event.id()));
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
        gate.countDown();
        delegate.close();
    }
}
