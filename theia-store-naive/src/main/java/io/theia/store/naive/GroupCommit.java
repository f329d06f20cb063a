package io.theia.store.naive;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit: savers that want their records on disk share one round of {@code fdatasync}s.
 *
 * <p>Every append is numbered ({@link #nextSequence()}, under the store's lock). {@link #awaitDurable(long)}
 * returns once a round that began after that append has forced every dirty file. One thread at a time leads:
 * a saver takes the lead by compare-and-set when nobody holds it, and otherwise parks on a lock-free queue. A
 * round ends with its leader unparking exactly the waiters whose appends it settled and handing the lead to one
 * waiter it did not cover, which runs the next round; no lock is taken to wait or to wake, so a round's waiters
 * are back appending within microseconds of each other.
 *
 * <p>Before a round the leader waits until as many appends are pending as the previous round took, for at most
 * as long as the previous round took on disk. So savers that keep saving travel in one group instead of splitting
 * into groups that take turns; a lone saver never waits. Thread-safe.
 */
final class GroupCommit {

    /** What a round forces: drains buffers and names the files and directory to force. */
    interface Flusher {
        /** Under the store's lock: hand buffered records to the OS and return what must be forced. */
        Round prepare() throws IOException;
    }

    /**
     * One round's work, taken under the store's lock.
     *
     * @param targets files written since they were last forced
     * @param retired files no longer appended to: forced with the others, then closed
     * @param forceDirectory whether a file was created or renamed since the directory was last forced
     */
    record Round(List<AppendTarget> targets, List<AppendTarget> retired, boolean forceDirectory) {
    }

    /** The last failed round: every append numbered up to {@code upTo} that was not durable before it failed. */
    private record Failure(long upTo, Exception cause) {
    }

    private static final long MAX_GATHER_NANOS = 1_000_000;

    private final ReentrantLock storeLock;
    private final Flusher flusher;
    private final DirectorySync directory;
    private final Queue<CommitWaiter> waiters = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean leading = new AtomicBoolean();
    /** Written under the store's lock. */
    private volatile long appended;
    /** Written by the leader. */
    private volatile long durable;
    /** Written by the leader. */
    private volatile Failure failure;
    /** The leader while it waits for appends before a round, and the append number that ends its wait. */
    private volatile Thread gatherer;
    private volatile long gatheredAt;
    /** How many appends the last round took: as many as the next round waits for. Leader only. */
    private long lastRoundAppends;
    /** How long the last round's {@code prepare} and forces took. Leader only. */
    private long lastRoundNanos;

    GroupCommit(ReentrantLock storeLock, Flusher flusher, DirectorySync directory) {
        this.storeLock = storeLock;
        this.flusher = flusher;
        this.directory = directory;
    }

    /** Numbers an append; call under the store's lock, after the append. */
    long nextSequence() {
        return ++appended;
    }

    /** Returns once every append up to {@code sequence} is on stable storage. */
    void awaitDurable(long sequence) throws IOException {
        if (durable >= sequence) {
            return;
        }
        Thread waitingLeader = gatherer;
        if (waitingLeader != null && sequence >= gatheredAt) {
            LockSupport.unpark(waitingLeader);
        }
        if (leading.compareAndSet(false, true)) {
            lead(sequence);
        } else {
            park(new CommitWaiter(sequence));
        }
        Failure failed = failure;
        if (durable < sequence) {
            throw new IOException("forcing data files to disk failed", failed.cause());
        }
    }

    /** Runs (or joins) a round that forces everything appended and renamed so far. */
    void forceAll() throws IOException {
        long sequence;
        storeLock.lock();
        try {
            sequence = nextSequence();
        } finally {
            storeLock.unlock();
        }
        awaitDurable(sequence);
    }

    /**
     * Waits on the queue until a round settles the waiter's append, leading rounds when handed the lead. An
     * interrupt does not end the wait; it is kept for the caller.
     */
    private void park(CommitWaiter waiter) {
        waiters.add(waiter);
        boolean interrupted = false;
        try {
            while (true) {
                switch (waiter.state()) {
                    case SETTLED:
                        return;
                    case LEADS:
                        lead(waiter.sequence);
                        return;
                    default:
                        break;
                }
                if (settled(waiter.sequence)) {
                    if (waiter.leave()) {
                        return;
                    }
                } else if (leading.compareAndSet(false, true)) {
                    waiter.leave();
                    lead(waiter.sequence);
                    return;
                } else {
                    LockSupport.park(this);
                    interrupted |= Thread.interrupted();
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Holding the lead: runs a round unless {@code sequence} is already settled, then hands the lead on. */
    private void lead(long sequence) {
        try {
            if (!settled(sequence)) {
                runRound();
            }
        } finally {
            handOver();
        }
    }

    private void runRound() {
        gather(Math.min(lastRoundNanos, MAX_GATHER_NANOS));
        long started = System.nanoTime();
        long target = 0;
        try {
            Round round;
            storeLock.lock();
            try {
                target = appended;
                round = flusher.prepare();
            } finally {
                storeLock.unlock();
            }
            force(round);
            lastRoundAppends = target - durable;
            durable = target;
        } catch (IOException | RuntimeException e) {
            Failure last = failure;
            failure = new Failure(last == null ? target : Math.max(last.upTo(), target), e);
        } finally {
            lastRoundNanos = System.nanoTime() - started;
        }
    }

    /**
     * Lets the savers of the last round join this one: waits until as many appends as the last round took are
     * pending, for at most {@code maxNanos}. The append that completes the group unparks the leader.
     */
    private void gather(long maxNanos) {
        long until = durable + lastRoundAppends;
        if (appended >= until) {
            return;
        }
        long deadline = System.nanoTime() + maxNanos;
        gatheredAt = until;
        gatherer = Thread.currentThread();
        try {
            while (appended < until) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || Thread.currentThread().isInterrupted()) {
                    return;
                }
                LockSupport.parkNanos(this, left);
            }
        } finally {
            gatherer = null;
        }
    }

    private void force(Round round) throws IOException {
        for (AppendTarget file : round.targets()) {
            try {
                file.force();
            } catch (ClosedChannelException closed) {
                // closed by eviction or close(), which force before closing
            }
        }
        for (AppendTarget file : round.retired()) {
            try {
                file.force();
            } finally {
                file.close();
            }
        }
        if (round.forceDirectory()) {
            directory.force();
        }
    }

    /**
     * Holding the lead: unparks every waiter whose append is now settled and hands the lead to the first waiter
     * still pending; with none pending, gives the lead up (and takes it back to serve a waiter that queued
     * meanwhile, which saw the lead held and parked).
     */
    private void handOver() {
        do {
            CommitWaiter next = null;
            for (Iterator<CommitWaiter> it = waiters.iterator(); it.hasNext(); ) {
                CommitWaiter waiter = it.next();
                if (waiter.state() != CommitWaiter.State.WAITING) {
                    it.remove();
                } else if (settled(waiter.sequence)) {
                    it.remove();
                    waiter.settle();
                } else if (next == null) {
                    next = waiter;
                    it.remove();
                }
            }
            if (next != null && next.handLead()) {
                return;
            }
            leading.set(false);
        } while (!waiters.isEmpty() && leading.compareAndSet(false, true));
    }

    /** Whether a round made the append numbered {@code sequence} durable or failed it. */
    private boolean settled(long sequence) {
        if (durable >= sequence) {
            return true;
        }
        Failure failed = failure;
        return failed != null && failed.upTo() >= sequence;
    }
}
