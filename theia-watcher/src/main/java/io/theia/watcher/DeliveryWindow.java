package io.theia.watcher;

import io.theia.api.source.EventSink;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deliveries a source has handed to its sink and not yet seen acknowledged, at most {@code maxInFlight}.
 *
 * <p>{@link #submit} blocks while the window is full, which is what stops a source from reading while its sink is
 * slow or failing: the files stay the buffer. A delivery that fails is sent again, with exponential back-off and
 * jitter, until it succeeds or the window closes. Acknowledgements are passed on strictly in submission order,
 * even when the sink completes batches out of order, so a checkpoint never moves past a batch that is not yet
 * durable. Thread-safe.
 */
final class DeliveryWindow {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryWindow.class);
    private static final long FIRST_RETRY_MILLIS = 100;
    private static final long MAX_RETRY_MILLIS = 5_000;

    private final String sourceName;
    private final EventSink sink;
    private final int maxInFlight;
    private final ScheduledExecutorService retries;
    private final Consumer<Batch> onAcknowledged;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Slot> inFlight = new ArrayDeque<>();
    private boolean accepting = true;
    private boolean closed;

    /**
     * A window.
     *
     * @param retries where failed deliveries are scheduled again
     * @param onAcknowledged called with each batch, in submission order, once it and every batch before it are
     *     acknowledged; runs under the window's lock, so it must be quick
     */
    DeliveryWindow(String sourceName, EventSink sink, int maxInFlight, ScheduledExecutorService retries,
            Consumer<Batch> onAcknowledged) {
        this.sourceName = sourceName;
        this.sink = sink;
        this.maxInFlight = maxInFlight;
        this.retries = retries;
        this.onAcknowledged = onAcknowledged;
    }

    /**
     * Hands a batch to the sink once the window has room; a batch without events only waits for its turn to be
     * acknowledged.
     *
     * @return false when the window no longer accepts batches (the source is closing): the batch is dropped and
     *     will be read again after a restart
     */
    boolean submit(Batch batch) {
        Slot slot = new Slot(batch);
        lock.lock();
        try {
            while (accepting && inFlight.size() >= maxInFlight) {
                changed.awaitUninterruptibly();
            }
            if (!accepting) {
                return false;
            }
            inFlight.add(slot);
        } finally {
            lock.unlock();
        }
        if (batch.events().isEmpty()) {
            acknowledged(slot);
        } else {
            send(slot);
        }
        return true;
    }

    /** Waits until there is room for another batch, the window stops accepting, or the time is up. */
    void awaitRoom(long nanos) {
        lock.lock();
        try {
            long remaining = nanos;
            while (accepting && inFlight.size() >= maxInFlight && remaining > 0) {
                remaining = changed.awaitNanos(remaining);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /** Whether another batch would have to wait. */
    boolean isFull() {
        lock.lock();
        try {
            return inFlight.size() >= maxInFlight;
        } finally {
            lock.unlock();
        }
    }

    /** Refuses new batches from now on and wakes a submitter waiting for room. */
    void stopAccepting() {
        lock.lock();
        try {
            accepting = false;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits up to {@code timeout} for every batch in flight to be acknowledged; returns whether they were. */
    boolean awaitEmpty(Duration timeout) {
        lock.lock();
        try {
            long remaining = timeout.toNanos();
            while (!inFlight.isEmpty() && remaining > 0) {
                remaining = changed.awaitNanos(remaining);
            }
            return inFlight.isEmpty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return inFlight.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** Stops retrying and ignores acknowledgements from now on; what is in flight may be delivered again later. */
    void close() {
        lock.lock();
        try {
            accepting = false;
            closed = true;
            if (!inFlight.isEmpty()) {
                LOG.info("Source '{}' closed with {} deliveries unacknowledged; their events are read again at the "
                        + "next start", sourceName, inFlight.size());
            }
            inFlight.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void send(Slot slot) {
        CompletionStage<Void> completion;
        try {
            completion = sink.deliver(Collections.unmodifiableList(slot.batch.events()));
        } catch (RuntimeException e) {
            completion = CompletableFuture.failedFuture(e);
        }
        completion.whenComplete((ignored, failure) -> {
            if (failure == null) {
                acknowledged(slot);
            } else {
                failed(slot, failure);
            }
        });
    }

    private void acknowledged(Slot slot) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            if (slot.attempts > 0) {
                LOG.info("Source '{}': delivery of {} events succeeded after {} failed attempts", sourceName,
                        slot.batch.size(), slot.attempts);
            }
            slot.done = true;
            while (!inFlight.isEmpty() && inFlight.peekFirst().done) {
                onAcknowledged.accept(inFlight.pollFirst().batch);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void failed(Slot slot, Throwable failure) {
        long delay;
        int attempts;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            attempts = ++slot.attempts;
            long exponential = FIRST_RETRY_MILLIS << Math.min(attempts - 1, 20);
            long capped = Math.min(MAX_RETRY_MILLIS, exponential);
            delay = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
        } finally {
            lock.unlock();
        }
        if (attempts == 1 || attempts % 10 == 0) {
            LOG.warn("Source '{}': delivery of {} events failed (attempt {}); reading pauses, retrying in {} ms: {}",
                    sourceName, slot.batch.size(), attempts, delay, describe(failure));
        }
        try {
            retries.schedule(() -> retry(slot), delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the source is closing; the batch is read again at the next start
        }
    }

    private void retry(Slot slot) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
        } finally {
            lock.unlock();
        }
        send(slot);
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause.getMessage() != null ? cause.getMessage() : cause.toString();
    }

    /** A batch in flight; guarded by the window's lock. */
    private static final class Slot {
        private final Batch batch;
        private boolean done;
        private int attempts;

        Slot(Batch batch) {
            this.batch = batch;
        }
    }
}
