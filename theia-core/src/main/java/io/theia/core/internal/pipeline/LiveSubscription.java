package io.theia.core.internal.pipeline;

import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One live subscriber's view of the events arriving after it subscribed that match its criteria, held in a
 * bounded queue. When the subscriber falls behind and its queue is full, further events for it are dropped and
 * counted; the publisher never waits. Thread-safe: the hub offers from publishing threads, one consumer polls.
 */
public final class LiveSubscription implements AutoCloseable {

    /** Told, on the publishing thread, that events were queued or dropped for the subscriber. */
    @FunctionalInterface
    public interface Waker {
        /**
         * Must not block.
         *
         * @param here true when the publisher has nothing else to do and the subscriber's send may run on its thread
         *     (a small batch saved on its connection's reader after a quiet spell, see
         *     {@link IngestPipeline#deliverStagedHere}); false to hand the send off
         */
        void wake(boolean here);
    }

    private final LiveHub hub;
    private final EventQuery criteria;
    private final BlockingQueue<Event> queue;
    private final Waker onAvailable;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong droppedTotal = new AtomicLong();

    LiveSubscription(LiveHub hub, EventQuery criteria, int capacity, Waker onAvailable) {
        this.hub = hub;
        this.criteria = criteria;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.onAvailable = onAvailable;
    }

    /** The next queued event, or null when none is queued. */
    public Event poll() {
        return queue.poll();
    }

    /**
     * The next queued event, waiting up to {@code timeout} for one.
     *
     * @return the event, or null when none came in time
     * @throws InterruptedException when interrupted while waiting
     */
    public Event poll(Duration timeout) throws InterruptedException {
        return queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** How many events were dropped for this subscriber since the last call, and resets that count. */
    public long takeDropped() {
        return dropped.getAndSet(0);
    }

    /** How many events were dropped for this subscriber since it subscribed. */
    public long droppedTotal() {
        return droppedTotal.get();
    }

    /**
     * Queues events that did not come through the hub (a store's {@link io.theia.api.store.LiveFeed}) as the hub
     * queues its own: the matching ones, dropping and counting those that do not fit. Never blocks.
     */
    public void deliver(List<Event> events) {
        int lost = offer(events, false);
        if (lost > 0) {
            hub.countDropped(lost);
        }
    }

    /** Counts {@code count} matching events dropped before they reached this subscriber (by a feed's source). */
    public void dropped(long count) {
        dropped.addAndGet(count);
        droppedTotal.addAndGet(count);
        onAvailable.wake(false);
    }

    /** Stops receiving events; idempotent. */
    @Override
    public void close() {
        hub.remove(this);
        queue.clear();
    }

    /**
     * Queues the matching events; counts those that do not fit. Returns how many were dropped.
     *
     * @param here passed on to the {@link Waker}
     */
    int offer(Iterable<Event> events, boolean here) {
        int offered = 0;
        int lost = 0;
        for (Event event : events) {
            if (criteria.matches(event)) {
                if (queue.offer(event)) {
                    offered++;
                } else {
                    lost++;
                }
            }
        }
        if (lost > 0) {
            dropped.addAndGet(lost);
            droppedTotal.addAndGet(lost);
        }
        if (offered > 0 || lost > 0) {
            onAvailable.wake(here);
        }
        return lost;
    }
}
