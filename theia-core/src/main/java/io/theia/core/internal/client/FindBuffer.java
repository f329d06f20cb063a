package io.theia.core.internal.client;

import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One collector's {@code /find} stream in a {@link MergedFind}: the events it sent that the merge has not taken yet.
 * The buffer holds at most {@code capacity} events plus one frame (a frame packs about 32 KiB of events,
 * {@code docs/protocol.md}): once it holds {@code capacity}, the next frame is not asked for
 * ({@link StreamEndpoint#frameHandled()}), so the collector's own flow control holds its search back; reading resumes
 * when the merge has taken it down to half. No collector's whole result is ever held.
 *
 * <p>The client thread fills it, one thread (the merge's) takes from it.
 */
final class FindBuffer extends StreamEndpoint {

    private final URI collector;
    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Filled by the client thread, under {@link #lock}. */
    private ArrayDeque<Event> events = new ArrayDeque<>();
    /** Emptied by the merge's thread without the lock; swapped with {@link #events} when empty. */
    private ArrayDeque<Event> taking = new ArrayDeque<>();
    /** Events in both. */
    private final AtomicInteger count = new AtomicInteger();
    private final List<Event> frame = new ArrayList<>();
    private volatile boolean holding;
    private boolean ended;
    private volatile CollectorException failure;
    private int mostHeld;
    private long received;

    /**
     * A buffer for the {@code /find} of {@code query} on {@code collector} (its base address) holding at most
     * {@code capacity} events plus one frame.
     */
    FindBuffer(URI collector, EventQuery query, int capacity) {
        super(collector.resolve("/find"), CriteriaWriter.find(query));
        if (capacity < 1) {
            throw new IllegalArgumentException("the buffer must hold at least one event, not " + capacity);
        }
        this.collector = collector;
        this.capacity = capacity;
        done.whenComplete((ignored, failed) -> ended(failed));
    }

    /** The collector's base address. */
    URI collector() {
        return collector;
    }

    @Override
    void onEvent(Event event) {
        frame.add(event);
    }

    @Override
    boolean frameHandled() {
        lock.lock();
        try {
            events.addAll(frame);
            received += frame.size();
            int held = count.addAndGet(frame.size());
            frame.clear();
            mostHeld = Math.max(mostHeld, held);
            holding = held >= capacity;
            changed.signalAll();
            return !holding;
        } finally {
            lock.unlock();
        }
    }

    @Override
    boolean held() {
        return holding;
    }

    /**
     * The next event, waiting for it; null once the collector closed the stream normally (or it ended idle) and
     * every event was taken.
     *
     * @throws CollectorException once every event received before the stream failed was taken
     */
    Event take() throws InterruptedException {
        Event event = taking.poll();
        if (event != null) {
            if (count.decrementAndGet() <= capacity / 2 && holding) {
                lock.lock();
                boolean resume;
                try {
                    resume = drained();
                } finally {
                    lock.unlock();
                }
                if (resume) {
                    resume();
                }
            }
            return event;
        }
        boolean resume;
        lock.lock();
        try {
            resume = drained();
            while (events.isEmpty() && !ended) {
                if (resume) {
                    // Demand outside the lock: the client may read the next frame on this thread.
                    lock.unlock();
                    try {
                        resume();
                    } finally {
                        lock.lock();
                    }
                    resume = false;
                    continue;
                }
                changed.await();
            }
            ArrayDeque<Event> filled = events;
            events = taking;
            taking = filled;
            event = taking.poll();
            if (event == null && failure != null) {
                throw failure;
            }
            if (event != null) {
                count.decrementAndGet();
                resume |= drained();
            }
        } finally {
            lock.unlock();
        }
        if (resume) {
            resume();
        }
        return event;
    }

    /**
     * Whether the merge took a held stream's buffer down to half: it is then no longer held, and the caller resumes
     * it after releasing {@link #lock}. Called with the lock held.
     */
    private boolean drained() {
        if (holding && count.get() <= capacity / 2) {
            holding = false;
            return true;
        }
        return false;
    }

    /** Why the stream failed, null while it has not (events received before may still be waiting to be taken). */
    CollectorException failure() {
        return failure;
    }

    /** The most events this buffer held at once. */
    int mostHeld() {
        lock.lock();
        try {
            return mostHeld;
        } finally {
            lock.unlock();
        }
    }

    /** How many events the collector sent so far. */
    long received() {
        lock.lock();
        try {
            return received;
        } finally {
            lock.unlock();
        }
    }

    private void ended(Throwable failed) {
        lock.lock();
        try {
            ended = true;
            if (failed != null) {
                Throwable cause = failed instanceof CompletionException && failed.getCause() != null
                        ? failed.getCause() : failed;
                failure = cause instanceof CollectorException collectorFailure ? collectorFailure
                        : new CollectorException(collector + " failed: " + cause.getMessage(), cause);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
