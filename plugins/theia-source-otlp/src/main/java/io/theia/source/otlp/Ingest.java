package io.theia.source.otlp;

import io.theia.api.event.Event;
import io.theia.api.source.EventSink;
import io.theia.api.store.DuplicateEventException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Delivers the events of one request to the sink and tells how it went. When the sink refuses the batch because an
 * event of it is already stored ({@link DuplicateEventException}), the events are delivered again one by one, all at once, and
 * each refused as already stored counts as a duplicate: a retried export is stored once and answered as a success.
 * Thread-safe.
 */
final class Ingest {

    /**
     * How a delivery went.
     *
     * @param stored events the sink accepted durably
     * @param duplicates events it refused as already stored
     * @param failure why some events were not stored, or null when every one is stored (now or before)
     */
    record Outcome(int stored, int duplicates, Throwable failure) {
        static final Outcome NOTHING = new Outcome(0, 0, null);

        Outcome plus(Outcome other) {
            return new Outcome(stored + other.stored, duplicates + other.duplicates,
                    failure != null ? failure : other.failure);
        }
    }

    private final EventSink sink;

    Ingest(EventSink sink) {
        this.sink = sink;
    }

    /** Delivers the events; the completion never fails, it carries the failure in the outcome. */
    CompletableFuture<Outcome> deliver(List<Event> events) {
        if (events.isEmpty()) {
            return CompletableFuture.completedFuture(Outcome.NOTHING);
        }
        return attempt(events).thenCompose(outcome -> {
            if (outcome.failure() == null || DuplicateEventException.in(outcome.failure()).isEmpty()) {
                return CompletableFuture.completedFuture(outcome);
            }
            if (events.size() == 1) {
                return CompletableFuture.completedFuture(new Outcome(0, 1, null));
            }
            return oneByOne(events);
        });
    }

    private CompletableFuture<Outcome> oneByOne(List<Event> events) {
        List<CompletableFuture<Outcome>> singles = new ArrayList<>(events.size());
        for (Event event : events) {
            singles.add(attempt(List.of(event)).thenApply(outcome -> outcome.failure() != null
                    && DuplicateEventException.in(outcome.failure()).isPresent() ? new Outcome(0, 1, null) : outcome));
        }
        return CompletableFuture.allOf(singles.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            Outcome total = Outcome.NOTHING;
            for (CompletableFuture<Outcome> single : singles) {
                total = total.plus(single.join());
            }
            return total;
        });
    }

    private CompletableFuture<Outcome> attempt(List<Event> events) {
        CompletionStage<Void> delivery;
        try {
            delivery = sink.deliver(events);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(new Outcome(0, 0, e));
        }
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        delivery.whenComplete((ignored, failure) -> outcome.complete(failure == null
                ? new Outcome(events.size(), 0, null) : new Outcome(0, 0, unwrap(failure))));
        return outcome;
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
