package io.theia.store.naive;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A saver parked in {@link GroupCommit} until a round settles its append, or until it is handed the lead of the
 * next round. Its state leaves {@link State#WAITING} once: the leading thread settles it or hands it the lead, or
 * the saver itself leaves after seeing its append settled; whichever comes first decides. Thread-safe.
 */
final class CommitWaiter {

    /** Where a waiter stands. */
    enum State {
        /** Parked (or about to park) on the queue. */
        WAITING,
        /** A round made its append durable, or failed it: return. */
        SETTLED,
        /** Handed the lead: run the next round. */
        LEADS,
        /** Saw its append settled before anyone woke it; the leader drops it from the queue. */
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

    /** Wakes the waiter because its append is settled; false when it had already left. */
    boolean settle() {
        return wake(State.SETTLED);
    }

    /** Wakes the waiter to lead the next round; false when it had already left. */
    boolean handLead() {
        return wake(State.LEADS);
    }

    /** Called by the waiter itself on seeing its append settled; false when a leader decided first. */
    boolean leave() {
        return state.compareAndSet(State.WAITING, State.LEFT);
    }

    private boolean wake(State to) {
        if (!state.compareAndSet(State.WAITING, to)) {
            return false;
        }
        LockSupport.unpark(thread);
        return true;
    }
}
