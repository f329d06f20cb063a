package io.theia.core.internal.pipeline;

import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands every ingested event to the live subscribers whose criteria it matches. Publishing never blocks: each
 * subscriber has a bounded queue, and events that do not fit are dropped for that subscriber alone and counted.
 * Thread-safe.
 */
public final class LiveHub {

    private static final Logger LOG = LoggerFactory.getLogger(LiveHub.class);

    private final List<LiveSubscription> subscriptions = new CopyOnWriteArrayList<>();
    private final AtomicLong dropped = new AtomicLong();

    /**
     * Subscribes to the events published from now on that match {@code criteria} (its order and limit are
     * ignored).
     *
     * @param capacity how many events may wait for the subscriber before further ones are dropped
     * @param onAvailable told, on the publishing thread, after events were queued or dropped
     */
    public LiveSubscription subscribe(EventQuery criteria, int capacity, LiveSubscription.Waker onAvailable) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive, not " + capacity);
        }
        LiveSubscription subscription = new LiveSubscription(this, criteria, capacity, onAvailable);
        subscriptions.add(subscription);
        return subscription;
    }

    /**
     * Offers events to every subscriber; returns at once and never throws: the events are already stored, so a
     * subscriber whose wake-up fails (e.g. its executor refuses work while the server stops) is logged and skipped,
     * and neither the save's reply nor the other subscribers are affected.
     *
     * @param here whether the subscribers' sends may run on this thread ({@link LiveSubscription.Waker#wake})
     */
    public void publish(List<Event> events, boolean here) {
        for (LiveSubscription subscription : subscriptions) {
            try {
                int lost = subscription.offer(events, here);
                if (lost > 0) {
                    dropped.addAndGet(lost);
                }
            } catch (RuntimeException e) {
                LOG.warn("A live subscriber could not be woken for {} events: {}", events.size(), e.toString());
            }
        }
    }

    /** How many subscribers there are. */
    public int subscribers() {
        return subscriptions.size();
    }

    /** How many events were dropped for slow subscribers, in all. */
    public long dropped() {
        return dropped.get();
    }

    void countDropped(long count) {
        dropped.addAndGet(count);
    }

    void remove(LiveSubscription subscription) {
        subscriptions.remove(subscription);
    }
}
