package io.theia.core.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes all connections of a server together may hold of messages that have not fully arrived. Thread-safe.
 *
 * <p>Public only for {@link AssemblingListener}; not an API.
 */
public final class MessageBudget {

    private final long limit;
    private final AtomicLong held = new AtomicLong();

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

    /** Gives back {@code bytes} taken before. */
    public void give(long bytes) {
        held.addAndGet(-bytes);
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
