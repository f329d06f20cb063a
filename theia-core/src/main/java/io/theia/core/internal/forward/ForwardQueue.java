package io.theia.core.internal.forward;

import io.theia.api.event.Event;
import io.theia.core.internal.config.ForwardBatchConfig;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What a {@link ForwardingSink} holds: events not yet sent (grouped into batches by count, bytes and linger),
 * batches to send again, and the deliveries not yet complete, whose estimated bytes are bounded. Thread-safe;
 * {@link #next} is for the one sender thread.
 */
final class ForwardQueue {

    private final int maxEvents;
    private final long maxBytes;
    private final long lingerNanos;
    private final long maxPendingBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Piece> unsent = new ArrayDeque<>();
    private final ArrayDeque<OutgoingBatch> resends = new ArrayDeque<>();
    private final Set<Delivery> pending = new LinkedHashSet<>();
    private int unsentEvents;
    private long unsentBytes;
    private long oldestUnsentNanos;
    private long pendingBytes;
    private long pendingEvents;
    private boolean closing;
    private boolean stopped;

    ForwardQueue(ForwardBatchConfig batch, long maxPendingBytes) {
        this.maxEvents = batch.maxEvents();
        this.maxBytes = batch.maxBytes();
        this.lingerNanos = batch.linger().toNanos();
        this.maxPendingBytes = maxPendingBytes;
    }

    /** About how many bytes an event takes on the wire, without encoding it. */
    static long estimateBytes(Event event) {
        long bytes = 64 + event.id().length() + event.source().length() + event.content().length();
        for (String tag : event.tags()) {
            bytes += tag.length() + 1;
        }
        if (!event.headers().isEmpty()) {
            for (var header : event.headers().entrySet()) {
                bytes += header.getKey().length() + header.getValue().length() + 2;
            }
        }
        return bytes;
    }

    /** What became of an offered delivery. */
    enum Offer {
        /** Queued. */
        ACCEPTED,
        /** Refused: the queue is closing. */
        CLOSED,
        /** Refused: more than {@code maxPendingBytes} would be pending (a delivery is accepted when none is). */
        FULL
    }

    /** Accepts a delivery's events, unless the queue is closing or full. */
    Offer offer(List<Event> events, Delivery delivery) {
        lock.lock();
        try {
            if (closing) {
                return Offer.CLOSED;
            }
            if (pendingBytes > 0 && pendingBytes + delivery.bytes > maxPendingBytes) {
                return Offer.FULL;
            }
            pending.add(delivery);
            pendingBytes += delivery.bytes;
            pendingEvents += delivery.events;
            if (unsentEvents == 0) {
                oldestUnsentNanos = System.nanoTime();
            }
            unsent.add(new Piece(events, delivery));
            unsentEvents += events.size();
            unsentBytes += delivery.bytes;
            changed.signalAll();
            return Offer.ACCEPTED;
        } finally {
            lock.unlock();
        }
    }

    /** A delivery finished (acknowledged or failed): it no longer counts against the limit. */
    void finished(Delivery delivery) {
        lock.lock();
        try {
            if (pending.remove(delivery)) {
                pendingBytes -= delivery.bytes;
                pendingEvents -= delivery.events;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Queues a batch to be sent again, before any new one, once its {@code notBeforeNanos} has come. */
    void resend(OutgoingBatch batch) {
        lock.lock();
        try {
            resends.addFirst(batch);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next batch to send: a due resend, else new events once a batch is full or its first event has waited the
     * linger (at once while closing). Blocks until there is one.
     *
     * @return null once {@link #stop} was called
     */
    OutgoingBatch next() {
        lock.lock();
        try {
            while (!stopped) {
                long now = System.nanoTime();
                long waitNanos = Long.MAX_VALUE;
                OutgoingBatch resend = resends.peekFirst();
                if (resend != null) {
                    if (resend.notBeforeNanos - now <= 0) {
                        return resends.pollFirst();
                    }
                    waitNanos = resend.notBeforeNanos - now;
                } else if (unsentEvents > 0) {
                    long lingered = now - oldestUnsentNanos;
                    if (closing || unsentEvents >= maxEvents || unsentBytes >= maxBytes || lingered >= lingerNanos) {
                        return assemble();
                    }
                    waitNanos = lingerNanos - lingered;
                }
                if (waitNanos == Long.MAX_VALUE) {
                    changed.awaitUninterruptibly();
                } else {
                    changed.awaitNanos(waitNanos);
                }
            }
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** Waits up to {@code nanos} or until {@link #stop}; returns false when stopped. */
    boolean pause(long nanos) {
        lock.lock();
        try {
            long remaining = nanos;
            while (!stopped && remaining > 0) {
                remaining = changed.awaitNanos(remaining);
            }
            return !stopped;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Refuses new deliveries and sends what is unsent at once; returns whether all was acknowledged in time. */
    boolean drain(long timeoutNanos) {
        lock.lock();
        try {
            closing = true;
            changed.signalAll();
            long remaining = timeoutNanos;
            while (!pending.isEmpty() && remaining > 0) {
                remaining = changed.awaitNanos(remaining);
            }
            return pending.isEmpty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return pending.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** Stops the sender and returns the deliveries still pending, for the caller to fail. */
    List<Delivery> stop() {
        lock.lock();
        try {
            closing = true;
            stopped = true;
            changed.signalAll();
            return new ArrayList<>(pending);
        } finally {
            lock.unlock();
        }
    }

    /** Whether {@link #stop} was called. */
    boolean stopped() {
        lock.lock();
        try {
            return stopped;
        } finally {
            lock.unlock();
        }
    }

    /** Events accepted and not yet acknowledged. */
    long pendingEvents() {
        lock.lock();
        try {
            return pendingEvents;
        } finally {
            lock.unlock();
        }
    }

    private OutgoingBatch assemble() {
        List<Event> events = new ArrayList<>(Math.min(unsentEvents, maxEvents));
        List<Delivery> owners = new ArrayList<>(Math.min(unsentEvents, maxEvents));
        long bytes = 0;
        while (!unsent.isEmpty() && events.size() < maxEvents && (events.isEmpty() || bytes < maxBytes)) {
            Piece piece = unsent.peekFirst();
            Event event = piece.events.get(piece.next++);
            long size = estimateBytes(event);
            events.add(event);
            owners.add(piece.delivery);
            bytes += size;
            unsentBytes -= size;
            if (piece.next == piece.events.size()) {
                unsent.pollFirst();
            }
        }
        unsentEvents -= events.size();
        if (unsentEvents == 0) {
            unsentBytes = 0;
        }
        return new OutgoingBatch(events, owners.toArray(Delivery[]::new));
    }

    /** The events of one delivery not yet put into a batch. */
    private static final class Piece {
        final List<Event> events;
        final Delivery delivery;
        int next;

        Piece(List<Event> events, Delivery delivery) {
            this.events = events;
            this.delivery = delivery;
        }
    }
}
