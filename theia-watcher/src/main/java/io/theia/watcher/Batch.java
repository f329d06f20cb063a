package io.theia.watcher;

import io.theia.api.event.Event;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Events for one delivery, with the checkpoint changes that become true once the delivery is acknowledged: the
 * offset after each file's last event in the batch, files placed at a start offset, files forgotten. Filled by
 * the reading thread, then handed over and not changed again.
 */
final class Batch {

    private final List<Event> events = new ArrayList<>();
    private final Map<String, Checkpoint> advanced = new HashMap<>();
    private final Set<String> forgotten = new HashSet<>();
    private final long createdNanos;

    Batch(long createdNanos) {
        this.createdNanos = createdNanos;
    }

    void add(Event event, Checkpoint after) {
        events.add(event);
        advance(after);
    }

    void advance(Checkpoint checkpoint) {
        forgotten.remove(checkpoint.fileKey());
        advanced.put(checkpoint.fileKey(), checkpoint);
    }

    void forget(String fileKey) {
        advanced.remove(fileKey);
        forgotten.add(fileKey);
    }

    List<Event> events() {
        return events;
    }

    Map<String, Checkpoint> advanced() {
        return advanced;
    }

    Set<String> forgotten() {
        return forgotten;
    }

    int size() {
        return events.size();
    }

    boolean isEmpty() {
        return events.isEmpty() && advanced.isEmpty() && forgotten.isEmpty();
    }

    long createdNanos() {
        return createdNanos;
    }
}
