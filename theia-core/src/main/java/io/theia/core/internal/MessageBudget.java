package io.theia.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes all connections of a server together may hold of messages. The server keeps two: one for messages
 * that have not fully arrived ({@link AssemblingListener} refuses one that does not fit), one for messages parsed
 * but not yet stored and answered (the {@code /event} endpoint stops reading while it is spent, and reads on when
 * bytes are given back). Thread-safe.
 *
 * <p>Public only for the server's listeners and endpoints; not an API.
 */
public final class MessageBudget {

    private final long limit;
    private final AtomicLong held = new AtomicLong();
    private final ConcurrentLinkedQueue<Runnable> waiting = new ConcurrentLinkedQueue<>();

    /** A budget of {@code limit} bytes. */
    public MessageBudget(long limit) {
        this.limit = limit;
    }

    /** Takes {@code bytes} when they fit; returns false (taking nothing) when they do not. */
    public boolean tryTake(long bytes) {
        while (true) {
            long current = held.get();
            if (current + bytes > limit) {
                return false;
            }
            if (held.compareAndSet(current, current + bytes)) {
                return true;
            }
        }
    }

    /** Takes the bytes of a message that is already in memory, whether or not they fit. */
    public void take(long bytes) {
        held.addAndGet(bytes);
    }

    /** Whether less than the limit is held. */
    public boolean hasRoom() {
        return held.get() < limit;
    }

    /** Runs {@code resume} once there is room: at once if there is, else on the thread of a later {@link #give}. */
    public void whenRoom(Runnable resume) {
        waiting.add(resume);
        if (hasRoom()) {
            wake();
        }
    }

    /** Gives back {@code bytes} taken before, and wakes whoever waits for room. */
    public void give(long bytes) {
        held.addAndGet(-bytes);
        if (hasRoom() && !waiting.isEmpty()) {
            wake();
        }
    }

    /** Runs the waiters there are now; one that finds no room after all waits again, for a later give. */
    private void wake() {
        List<Runnable> now = new ArrayList<>();
        for (Runnable resume = waiting.poll(); resume != null; resume = waiting.poll()) {
            now.add(resume);
        }
        now.forEach(Runnable::run);
    }

    /** The bytes held now. */
    public long held() {
        return held.get();
    }

    /** The limit. */
    public long limit() {
        return limit;
    }
}
