package io.theia.api.testkit;

import io.theia.api.event.Event;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * An in-memory store whose saves wait at a gate until the test opens it, so a test can look while a save is under
 * way, and which records the ids of the events whose save has returned: the store's durability signal. Closing it
 * opens the gate.
 */
public class GatedStore extends DelegatingEventStore {

    /** Counted down when the first save begins. */
    public final CountDownLatch saving = new CountDownLatch(1);
    /** Saves wait until the test counts this down. */
    public final CountDownLatch gate = new CountDownLatch(1);
    /** The ids of the events whose save has returned. */
    public final Set<String> durable = ConcurrentHashMap.newKeySet();

    /** A gated store over a new {@link InMemoryEventStore}. */
    public GatedStore() {
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
