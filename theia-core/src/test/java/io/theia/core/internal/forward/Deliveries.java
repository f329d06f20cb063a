package io.theia.core.internal.forward;

import io.theia.api.event.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Batches handed to a forwarding sink: all their events, and the deliveries to wait for. */
final class Deliveries {

    private final List<Event> events = new ArrayList<>();
    private final List<CompletableFuture<Void>> pending = new ArrayList<>();

    /** {@code batches} batches of {@code size} events each, named {@code prefix} and the batch's number. */
    static Deliveries of(ForwardingSink sink, String prefix, int batches, int size) {
        Deliveries deliveries = new Deliveries();
        for (int d = 0; d < batches; d++) {
            deliveries.deliver(sink, SinkFixture.events(prefix + d, size));
        }
        return deliveries;
    }

    void deliver(ForwardingSink sink, List<Event> batch) {
        events.addAll(batch);
        pending.add(sink.deliver(batch).toCompletableFuture());
    }

    List<Event> events() {
        return events;
    }

    List<CompletableFuture<Void>> pending() {
        return pending;
    }

    /** Waits until every delivery is done; fails naming the first that failed. */
    void allDone() throws Exception {
        SinkFixture.allDone(pending);
    }
}
