package io.theia.core.internal.pipeline;

import io.theia.api.TheiaException;
import io.theia.api.event.Event;
import io.theia.api.source.EventSink;
import io.theia.api.store.EventStore;
import io.theia.api.store.EventsInDoubtException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The collector's {@link EventSink}: saves each batch to the store, then hands it to the live hub, then completes
 * the delivery once the store has the batch on stable storage ({@link EventStore#whenDurable()}), whatever the
 * store's mode: this is what sources checkpoint on and what {@code {"ack": N}} promises. A store failure completes
 * it exceptionally; a failed save reaches no live subscriber. As a {@link StagedSink} it also reports the step
 * before, "saved", so that a caller keeping its batches in order can hand over the next one while this one is
 * forced. {@link #buffered()} is the same pipeline for
 * clients that take no acknowledgement: its completion finishes once the batch is saved (visible, durable as the
 * store's mode promises), so it does not make a buffered store flush.
 *
 * <p>Saves run on a small pool of workers so that concurrent deliveries share a synchronous store's group
 * commit. When the pool's queue is full the delivering thread saves itself, which slows producers down instead of
 * buffering without bound. A connection's reader may save a small batch itself when the pipeline is idle and saves
 * are quick ({@link #deliverStagedHere}). Without a store (live-only mode) batches go straight to the hub.
 * Thread-safe.
 */
public final class IngestPipeline implements StagedSink, AutoCloseable {

    private static final int QUEUED_BATCHES = 1024;
    /** The largest batch {@link #deliverStagedHere} saves on the calling thread. */
    static final int HERE_MAX_EVENTS = 64;
    /** {@link #deliverStagedHere} saves on the calling thread only while the last save took less than this. */
    static final long QUICK_SAVE_NANOS = 200_000;
    /** {@link #deliverStagedHere} saves on the calling thread only when no batch came in for this long. */
    static final long QUIET_NANOS = 200_000;
    /**
     * A batch saved in {@link #deliverStagedHere} is also sent to live subscribers on the calling thread only while
     * batches have come this far apart on average lately (about 2,000 a second at most): a burst of sends on a reader
     * that events reach every 100 µs was measured to triple the live p99 (docs/benchmarks.md, issue 13).
     */
    static final long SEND_HERE_GAP_NANOS = 500_000;
    /** Set while a thread saves in {@link #deliverStagedHere}: what its completions deliver goes to a worker. */
    private static final ThreadLocal<Boolean> SAVING_HERE = ThreadLocal.withInitial(() -> Boolean.FALSE);

    private final EventStore store;
    private final LiveHub hub;
    private final ThreadPoolExecutor workers;
    /** Batches handed over and not saved yet (queued, or being saved). */
    private final AtomicInteger unsaved = new AtomicInteger();
    private final long quietNanos;
    private final long sendHereGapNanos;
    /** When the last batch was handed over. */
    private volatile long lastDelivery = System.nanoTime() - Long.MAX_VALUE / 2;
    /** The time between batches handed over, averaged over the last few (exponentially weighted, 1/8). */
    private volatile long averageGapNanos = Long.MAX_VALUE / 2;
    /** How long the last save took; unknown (as good as slow) until a worker saved. */
    private volatile long lastSaveNanos = Long.MAX_VALUE;

    /**
     * A pipeline.
     *
     * @param store the store, or null to keep nothing and only stream live
     * @param hub the live hub
     * @param workerCount how many batches may be saved at once
     */
    public IngestPipeline(EventStore store, LiveHub hub, int workerCount) {
        this(store, hub, workerCount, QUIET_NANOS, SEND_HERE_GAP_NANOS);
    }

    /**
     * A pipeline whose {@link #deliverStagedHere} saves on the calling thread after {@code quietNanos} without a
     * batch, and also sends there while batches came {@code sendHereGapNanos} apart on average.
     */
    IngestPipeline(EventStore store, LiveHub hub, int workerCount, long quietNanos, long sendHereGapNanos) {
        this.quietNanos = quietNanos;
        this.sendHereGapNanos = sendHereGapNanos;
        this.store = store;
        this.hub = hub;
        AtomicInteger threads = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(workerCount, workerCount, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUED_BATCHES), runnable -> {
                    Thread thread = new Thread(runnable, "theia-ingest-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, IngestPipeline::saveOnCallingThread);
    }

    private final StagedSink buffered = new StagedSink() {
        @Override
        public Delivery deliverStaged(List<Event> events) {
            Delivery delivery = IngestPipeline.this.deliver(events, false);
            return new Delivery(delivery.saved(), delivery.saved());
        }

        @Override
        public Delivery deliverStagedHere(List<Event> events) {
            Delivery delivery = IngestPipeline.this.deliverHere(events, false);
            return new Delivery(delivery.saved(), delivery.saved());
        }
    };

    /** Delivers events; the completion finishes once they are saved and on stable storage. */
    @Override
    public CompletionStage<Void> deliver(List<Event> events) {
        return deliver(events, true).durable();
    }

    /**
     * Delivers events: the saved step finishes once the store has them and the hub published them, the durable
     * step once the store says they are on stable storage ({@link EventStore#whenDurable()}, asked right after the
     * save, before the saved step finishes).
     */
    @Override
    public Delivery deliverStaged(List<Event> events) {
        return deliver(events, true);
    }

    /**
     * As {@link #deliverStaged}, but a small batch ({@value #HERE_MAX_EVENTS} events at most) is saved and published on
     * the calling thread, before this returns, when nothing else is waiting to be saved, none was handed over in the
     * last {@value #QUIET_NANOS} ns and the last save took less than {@value #QUICK_SAVE_NANOS} ns (the first save is
     * a worker's): a one-event message at a low rate then reaches live subscribers without a
     * hand-off to a worker (each hand-off is a wake-up, on two busy cores a chance of a millisecond's wait). A store
     * whose saves wait for the disk (synchronous mode) keeps its saves on the workers, where concurrent deliveries
     * share its group commit; so do batches that come close together, so that a connection's reader reads on while
     * one is saved and gathers what came meanwhile into the next. Completions that this delivery's steps trigger and
     * that deliver again hand over.
     */
    @Override
    public Delivery deliverStagedHere(List<Event> events) {
        return deliverHere(events, true);
    }

    /**
     * This pipeline for clients that take no acknowledgement: its completion finishes once the events are saved,
     * as durable as the store's mode promises (in buffered mode: not yet on stable storage).
     */
    public StagedSink buffered() {
        return buffered;
    }

    private Delivery deliver(List<Event> events, boolean durable) {
        sinceLastDelivery();
        CompletableFuture<Void> saved = new CompletableFuture<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (events.isEmpty()) {
            saved.complete(null);
            done.complete(null);
            return new Delivery(saved, done);
        }
        unsaved.incrementAndGet();
        try {
            workers.execute(() -> ingest(events, durable, false, saved, done));
        } catch (RejectedExecutionException e) {
            unsaved.decrementAndGet();
            TheiaException closed = new TheiaException("the ingest pipeline is closed");
            saved.completeExceptionally(closed);
            done.completeExceptionally(closed);
        }
        return new Delivery(saved, done);
    }

    private Delivery deliverHere(List<Event> events, boolean durable) {
        if (sinceLastDelivery() < quietNanos || events.isEmpty() || events.size() > HERE_MAX_EVENTS
                || lastSaveNanos >= QUICK_SAVE_NANOS || SAVING_HERE.get() || workers.isShutdown()
                || !unsaved.compareAndSet(0, 1)) {
            return deliver(events, durable);
        }
        CompletableFuture<Void> saved = new CompletableFuture<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        SAVING_HERE.set(Boolean.TRUE);
        try {
            ingest(events, durable, averageGapNanos >= sendHereGapNanos, saved, done);
        } finally {
            SAVING_HERE.set(Boolean.FALSE);
        }
        return new Delivery(saved, done);
    }

    /** Notes a batch handed over now; returns the time since the last one. Races only blur the average. */
    private long sinceLastDelivery() {
        long now = System.nanoTime();
        long gap = now - lastDelivery;
        lastDelivery = now;
        long average = averageGapNanos;
        averageGapNanos = average + (Math.min(gap, Long.MAX_VALUE / 2) - average) / 8;
        return gap;
    }

    /** Whether events are kept, or only streamed live. */
    public boolean persistent() {
        return store != null;
    }

    /** Finishes the batches already handed over, then stops the workers. */
    @Override
    public void close() {
        workers.shutdown();
        try {
            if (!workers.awaitTermination(1, TimeUnit.MINUTES)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static void saveOnCallingThread(Runnable task, ThreadPoolExecutor pool) {
        if (pool.isShutdown()) {
            throw new RejectedExecutionException("the ingest pipeline is closed");
        }
        task.run();
    }

    /** The store's durability of what it saved; saved events it cannot tell about are in doubt, not refused. */
    private CompletionStage<Void> whenDurable() {
        try {
            return store.whenDurable();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new EventsInDoubtException(
                    "the events were saved but the store cannot tell whether they are durable: " + e.getMessage(), e));
        }
    }

    /**
     * Saves and publishes a batch counted in {@link #unsaved}, uncounts it, then completes its steps.
     *
     * @param here whether live subscribers' sends may run on this thread, the caller's
     *     ({@link #deliverStagedHere}), so that a lone event reaches them without a wake-up
     */
    private void ingest(List<Event> events, boolean durable, boolean here, CompletableFuture<Void> saved,
            CompletableFuture<Void> done) {
        boolean counted = true;
        try {
            if (store != null) {
                long start = System.nanoTime();
                try {
                    store.saveAll(events);
                } finally {
                    lastSaveNanos = System.nanoTime() - start;
                }
            }
            hub.publish(events, here);
            // ask for durability before the saved step lets the next batch in, so that its flush starts first
            CompletionStage<Void> forced = durable && store != null ? whenDurable() : null;
            counted = false;
            unsaved.decrementAndGet();
            saved.complete(null);
            if (forced == null) {
                done.complete(null);
            } else {
                forced.whenComplete((ignored, failure) -> {
                    if (failure == null) {
                        done.complete(null);
                    } else {
                        done.completeExceptionally(failure);
                    }
                });
            }
        } catch (RuntimeException | Error e) {
            if (counted) {
                unsaved.decrementAndGet();
            }
            saved.completeExceptionally(e);
            done.completeExceptionally(e);
        }
    }
}
