package io.theia.kafka;

import io.theia.api.event.Event;
import io.theia.api.source.EventSink;
import io.theia.api.store.DuplicateEventException;
import io.theia.api.store.EventWriteException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A sink that saves into memory as a store does: an id already stored (or twice in a batch) refuses the whole
 * batch, the already-stored case with {@link AlreadyStored}. Its saves can be held back: while the gate is shut,
 * deliveries are taken but their completions wait, as behind a store whose save blocks.
 */
final class StoreSink implements EventSink {

    private final Map<String, Event> stored = new LinkedHashMap<>();
    private final List<Runnable> held = new ArrayList<>();
    private int deliveries;
    private boolean shut;

    @Override
    public synchronized CompletionStage<Void> deliver(List<Event> events) {
        deliveries++;
        CompletableFuture<Void> done = new CompletableFuture<>();
        Runnable save = () -> {
            try {
                save(events);
                done.complete(null);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        };
        if (shut) {
            held.add(save);
        } else {
            save.run();
        }
        return done;
    }

    private synchronized void save(List<Event> events) {
        Set<String> ids = new HashSet<>();
        for (Event event : events) {
            if (stored.containsKey(event.id())) {
                throw new AlreadyStored(event.id());
            }
            if (!ids.add(event.id())) {
                throw new EventWriteException("event id '" + event.id() + "' appears twice in the batch");
            }
        }
        events.forEach(event -> stored.put(event.id(), event));
    }

    /** From now on, saves wait until {@link #open()}. */
    synchronized void shut() {
        shut = true;
    }

    /** Saves what was held back and saves at once from now on. */
    void open() {
        List<Runnable> pending;
        synchronized (this) {
            shut = false;
            pending = List.copyOf(held);
            held.clear();
        }
        pending.forEach(Runnable::run);
    }

    synchronized int deliveries() {
        return deliveries;
    }

    synchronized int held() {
        return held.size();
    }

    /** The stored events, in the order saved. */
    synchronized List<Event> stored() {
        return List.copyOf(stored.values());
    }

    /** Saves events directly, as if an earlier run had. */
    synchronized void preload(List<Event> events) {
        save(events);
    }

    /** The refusal of an id already stored, as a store types it. */
    static final class AlreadyStored extends DuplicateEventException {
        private static final long serialVersionUID = 1L;

        AlreadyStored(String id) {
            super(List.of(id), "an event with id '" + id + "' is already stored");
        }
    }
}
