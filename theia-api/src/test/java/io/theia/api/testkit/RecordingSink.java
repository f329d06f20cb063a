package io.theia.api.testkit;

import io.theia.api.TheiaException;
import io.theia.api.event.Event;
import io.theia.api.source.EventSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * An in-memory {@link EventSink} for testing sources: it records every event it is offered and, by default,
 * acknowledges at once. It can instead withhold its acknowledgements (to see a source apply back-pressure) or
 * fail every delivery (to see a source cope).
 *
 * <p>Thread-safe: sources deliver from their own threads while the test reads and waits.
 */
public final class RecordingSink implements EventSink {

    private final List<Event> events = new ArrayList<>();
    private final List<CompletableFuture<Void>> withheld = new ArrayList<>();
    private int deliveries;
    private boolean withholding;
    private boolean failing;

    @Override
    public synchronized CompletionStage<Void> deliver(List<Event> batch) {
        events.addAll(batch);
        deliveries++;
        notifyAll();
        if (failing) {
            return CompletableFuture.failedFuture(new TheiaException("the recording sink is failing on purpose"));
        }
        if (withholding) {
            CompletableFuture<Void> completion = new CompletableFuture<>();
            withheld.add(completion);
            return completion;
        }
        return CompletableFuture.completedFuture(null);
    }

    /** From now on, deliveries are recorded but not acknowledged until {@link #release()}. */
    public synchronized RecordingSink withhold() {
        withholding = true;
        return this;
    }

    /** Acknowledges every withheld delivery and acknowledges at once from now on. */
    public void release() {
        List<CompletableFuture<Void>> pending;
        synchronized (this) {
            withholding = false;
            pending = List.copyOf(withheld);
            withheld.clear();
        }
        pending.forEach(completion -> completion.complete(null));
    }

    /** From now on, every delivery fails (or, with {@code false}, succeeds again). */
    public synchronized RecordingSink failing(boolean fail) {
        failing = fail;
        return this;
    }

    /** Every event offered so far, in order of delivery. */
    public synchronized List<Event> events() {
        return List.copyOf(events);
    }

    /** The contents of every event offered so far. */
    public synchronized List<String> contents() {
        return events.stream().map(Event::content).toList();
    }

    /** How many times {@link #deliver} was called. */
    public synchronized int deliveries() {
        return deliveries;
    }

    /** How many deliveries wait for {@link #release()}. */
    public synchronized int withheldCount() {
        return withheld.size();
    }

    /**
     * Waits until at least {@code count} events were offered and returns them all.
     *
     * @throws AssertionError naming what arrived when the time runs out
     */
    public synchronized List<Event> awaitEvents(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (events.size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("expected at least " + count + " events within " + timeout + ", got "
                        + events.size() + ": " + contents());
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for events", e);
            }
        }
        return List.copyOf(events);
    }
}
