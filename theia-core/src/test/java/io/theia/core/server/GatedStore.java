package io.theia.core.server;

import io.theia.api.event.Event;
import io.theia.api.testkit.DelegatingEventStore;
import io.theia.api.testkit.InMemoryEventStore;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * An in-memory store whose saves wait at a gate until the test opens it, and which records the ids of the events
 * whose save has returned: the store's durability signal.
 */
class GatedStore extends DelegatingEventStore {

    final CountDownLatch saving = new CountDownLatch(1);
    final CountDownLatch gate = new CountDownLatch(1);
    final Set<String> durable = ConcurrentHashMap.newKeySet();

    GatedStore() {
        super(new InMemoryEventStore());
    }

    @Override
    public void saveAll(List<Event> events) {
        saving.countDown();
        try {
            gate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        super.saveAll(events);
        events.forEach(event -> durable.add(event.id()));
    }

    @Override
    public void close() {
        gate.countDown();
        super.close();
    }
}
