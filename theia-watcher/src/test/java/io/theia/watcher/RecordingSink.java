package io.theia.watcher;

import io.theia.api.TheiaException;
import io.theia.api.event.Event;
import io.theia.api.source.EventSink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test sink that keeps what it is offered and what it acknowledged. It acknowledges at once by default; it can
 * be told to fail every delivery, or to hold deliveries (never completing them) after a number of them.
 */
final class RecordingSink implements EventSink {

    private final List<Event> offered = new ArrayList<>();
    private final List<Event> acknowledged = new ArrayList<>();
    private final List<List<Event>> held = new ArrayList<>();
    private final AtomicInteger failures = new AtomicInteger();
    private volatile boolean failing;
    private volatile int holdAfter = Integer.MAX_VALUE;
    private int deliveries;

    @Override
    public CompletionStage<Void> deliver(List<Event> events) {
        List<Event> copy = List.copyOf(events);
        synchronized (this) {
            offered.addAll(copy);
            deliveries++;
            if (failing) {
                failures.incrementAndGet();
                return CompletableFuture.failedFuture(new TheiaException("the test sink is failing"));
            }
            if (deliveries > holdAfter) {
                held.add(copy);
                return new CompletableFuture<>();
            }
            acknowledged.addAll(copy);
        }
        return CompletableFuture.completedFuture(null);
    }

    /** Fails every delivery from now on, or stops failing. */
    void failing(boolean failing) {
        this.failing = failing;
    }

    /** Acknowledges the first {@code count} deliveries (from the start) and holds all later ones. */
    void holdAfter(int count) {
        this.holdAfter = count;
    }

    int failures() {
        return failures.get();
    }

    synchronized List<String> acknowledgedContents() {
        return acknowledged.stream().map(Event::content).toList();
    }

    synchronized List<Event> acknowledgedEvents() {
        return List.copyOf(acknowledged);
    }

    synchronized List<String> offeredContents() {
        return offered.stream().map(Event::content).toList();
    }

    /** Contents of deliveries that were held, never acknowledged. */
    synchronized List<String> heldContents() {
        List<String> contents = new ArrayList<>();
        held.forEach(batch -> batch.forEach(event -> contents.add(event.content())));
        return contents;
    }

    synchronized int acknowledgedCount() {
        return acknowledged.size();
    }
}
