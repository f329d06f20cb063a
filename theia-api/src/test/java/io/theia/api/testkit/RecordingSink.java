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
 * acknowledges at once. It can instead withhold its acknowledgements (to see a source apply back-pressure), from
 * now on ({@link #withhold()}) or after a number of deliveries ({@link #holdAfter(int)}), or fail every delivery
 * (to see a source cope). It keeps apart what was offered ({@link #events()}) and what it acknowledged
 * ({@link #acknowledgedEvents()}).
 *
 * <p>Thread-safe: sources deliver from their own threads while the test reads and waits.
 */
public final class RecordingSink implements EventSink {

    private final List<Event> events = new ArrayList<>();
    private final List<Event> acknowledged = new ArrayList<>();
    private final List<Withheld> withheld = new ArrayList<>();
    private int deliveries;
    private int failures;
    private int holdAfter = Integer.MAX_VALUE;
    private boolean withholding;
    private boolean failing;

    @Override
    public synchronized CompletionStage<Void> deliver(List<Event> batch) {
        List<Event> copy = List.copyOf(batch);
        events.addAll(copy);
        deliveries++;
        notifyAll();
        if (failing) {
            failures++;
            return CompletableFuture.failedFuture(new TheiaException("the recording sink is failing on purpose"));
        }
        if (withholding || deliveries > holdAfter) {
            CompletableFuture<Void> completion = new CompletableFuture<>();
            withheld.add(new Withheld(copy, completion));
            return completion;
        }
        acknowledged.addAll(copy);
        return CompletableFuture.completedFuture(null);
    }

    /** From now on, deliveries are recorded but not acknowledged until {@link #release()}. */
    public synchronized RecordingSink withhold() {
        withholding = true;
        return this;
    }

    /**
     * Acknowledges the first {@code count} deliveries (counted from the start) at once, and withholds every later one
     * until {@link #release()}.
     */
    public synchronized RecordingSink holdAfter(int count) {
        holdAfter = count;
        return this;
    }

    /** Acknowledges every withheld delivery and acknowledges at once from now on. */
    public void release() {
        List<Withheld> pending;
        synchronized (this) {
            withholding = false;
            holdAfter = Integer.MAX_VALUE;
            pending = List.copyOf(withheld);
            withheld.clear();
            pending.forEach(delivery -> acknowledged.addAll(delivery.events()));
        }
        pending.forEach(delivery -> delivery.completion().complete(null));
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

    /** Every event acknowledged so far (at once, or by {@link #release()}), in order of acknowledgement. */
    public synchronized List<Event> acknowledgedEvents() {
        return List.copyOf(acknowledged);
    }

    /** The contents of every event acknowledged so far. */
    public synchronized List<String> acknowledgedContents() {
        return acknowledged.stream().map(Event::content).toList();
    }

    /** The contents of the events of the deliveries that wait for {@link #release()}. */
    public synchronized List<String> heldContents() {
        List<String> contents = new ArrayList<>();
        withheld.forEach(delivery -> delivery.events().forEach(event -> contents.add(event.content())));
        return contents;
    }

    /** How many deliveries failed because the sink was {@linkplain #failing failing}. */
    public synchronized int failures() {
        return failures;
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

    /** A delivery waiting for {@link #release()}. */
    private record Withheld(List<Event> events, CompletableFuture<Void> completion) {
    }
}
