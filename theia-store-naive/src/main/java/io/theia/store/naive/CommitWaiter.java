package io.theia.store.naive;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A saver parked in {@link GroupCommit} until a round settles its append. Its state leaves {@link State#WAITING}
 * once: the leading thread settles it, or the saver itself leaves (after seeing its append settled, or to lead a
 * round); whichever comes first decides. Thread-safe.
 */
final class CommitWaiter {

    /** Where a waiter stands. */
    enum State {
        /** Parked (or about to park) on the queue. */
        WAITING,
        /** A round made its append durable, or failed it: return. */
        SETTLED,
        /** Left the queue by itself; the leader drops it. */
        LEFT
    }

    final long sequence;
    private final Thread thread = Thread.currentThread();
    private final AtomicReference<State> state = new AtomicReference<>(State.WAITING);

    /** A waiter for the calling thread's append numbered {@code sequence}. */
    CommitWaiter(long sequence) {
        this.sequence = sequence;
    }

    State state() {
        return state.get();
    }

    /** The parked saver's thread. */
    Thread thread() {
        return thread;
    }

    /** Wakes the waiter because its append is settled, unless it had already left. */
    void settle() {
        if (state.compareAndSet(State.WAITING, State.SETTLED)) {
            LockSupport.unpark(thread);
        }
    }

    /** Called by the waiter itself; false when a leader settled it first. */
    boolean leave() {
        return state.compareAndSet(State.WAITING, State.LEFT);
    }
}
