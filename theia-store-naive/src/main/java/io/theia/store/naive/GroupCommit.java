package io.theia.store.naive;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit: savers that want their records on disk share one round of {@code fdatasync}s.
 *
 * <p>Every append is numbered ({@link #nextSequence()}, under the store's lock). {@link #awaitDurable(long)}
 * returns once a round that began after that append has forced every dirty file. One thread at a time leads a
 * round; savers that cannot lead park on a lock-free queue. A round ends with its leader unparking exactly the
 * waiters whose appends it settled; no lock is taken to wait or to wake, so the savers a round releases are back
 * appending within microseconds of each other.
 *
 * <p>Between rounds the savers gather: the next round starts when the last round's savers have appended again
 * (on top of the appends that were already pending when it ended), and the saver whose append completes the group
 * takes the lead and starts it at once, without waking anyone. So savers that keep saving travel in one group
 * instead of splitting into groups that take turns. A backup, the first waiter the last round left pending,
 * starts the round anyway once the group has gathered for as long as the last round took on disk. A saver that
 * finds nobody leading and no group gathering leads at once; the first lone save after a burst may wait for the
 * burst's group, at most as long as the last round took.
 *
 * <p>{@link #whenSettled(long)} waits without a thread: its completion sits on a second queue, and the leader of
 * the round that settles its append completes it. Thread-safe.
 */
final class GroupCommit {

    /** What a round forces: drains buffers and names the files and directory to force. */
    interface Flusher {
        /** Under the store's lock: hand buffered records to the OS and return what must be forced. */
        Round prepare() throws IOException;

        /**
         * Under the store's lock, after a failed round ({@code failed} is null when {@link #prepare} failed): undoes
         * every append not on stable storage, so that none of the appends the round fails stays visible or comes
         * back after a restart. Returns whether that worked; false (the default) leaves them in place.
         */
        default boolean rollBack(Round failed) {
            return false;
        }
    }

    /** Why an append failed when its round rolled it back: nothing of it is stored. */
    static final class RolledBackException extends IOException {
        private static final long serialVersionUID = 1L;

        RolledBackException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * One round's work, taken under the store's lock.
     *
     * @param targets files written since they were last forced
     * @param retired files no longer appended to: forced with the others, then closed
     * @param closed files forced and closed since the last round: what they forced counts as durable once the
     *     round succeeds
     * @param forceDirectory whether a file was created or renamed since the directory was last forced
     */
    record Round(List<AppendTarget> targets, List<AppendTarget> retired, List<AppendTarget> closed,
            boolean forceDirectory) {

        Round(List<AppendTarget> targets, List<AppendTarget> retired, boolean forceDirectory) {
            this(targets, retired, List.of(), forceDirectory);
        }
    }

    /**
     * A failed round: the appends numbered {@code from} to {@code upTo} were not durable before it and stay failed,
     * even when a later round forces the same files successfully (after a failed {@code fdatasync} the kernel may
     * have dropped their dirty pages).
     */
    private record Failure(long from, long upTo, Exception cause, boolean undone) {
        boolean covers(long sequence) {
            return from <= sequence && sequence <= upTo;
        }
    }

    /**
     * Who leads: nobody ({@code null}), a thread running a round ({@link #RUNNING}), or a group gathering for the
     * next round: the saver that finds {@code until} appends made takes the lead, or {@code backup} does at
     * {@code deadline} ({@link System#nanoTime()}).
     */
    private record Lead(Thread backup, long until, long deadline) {
    }

    /** A completion waiting for the append numbered {@code sequence} to be settled. */
    private record Completion(long sequence, CompletableFuture<Void> done) {
    }

    private static final Lead RUNNING = new Lead(null, Long.MAX_VALUE, Long.MAX_VALUE);
    private static final long MAX_GATHER_NANOS = 1_000_000;
    private static final int KEPT_FAILURES = 64;

    private final ReentrantLock storeLock;
    private final Flusher flusher;
    private final DirectorySync directory;
    private final Queue<CommitWaiter> waiters = new ConcurrentLinkedQueue<>();
    private final Queue<Completion> completions = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Lead> lead = new AtomicReference<>();
    /** Written under the store's lock. */
    private volatile long appended;
    /** Written by the leader. */
    private volatile long durable;
    /**
     * The appends failed rounds left failed, newest first: one range per run of failed rounds with no success
     * between them, at most {@value #KEPT_FAILURES} such runs. Written by the leader.
     */
    private volatile List<Failure> failures = List.of();
    /** The failure of the last round while no round succeeded since, or null. Written by the leader. */
    private volatile Exception failing;
    /** When ({@link System#nanoTime()}) the last successful round began (or this was made). Written by the leader. */
    private volatile long lastSuccessStart = System.nanoTime();
    /** When ({@link System#currentTimeMillis()}) the rounds began failing. */
    private volatile long failingSinceMillis;
    /** How many rounds failed since this was made. */
    private volatile long failedRounds;
    /** How many appends the last round took. Leader only. */
    private long lastRoundAppends;
    /**
     * How many appends the next round gathers: as many as the last round took (its savers come back) plus those
     * already pending when it ended. Leader only.
     */
    private long nextGroup;
    /** How long the last round's {@code prepare} and forces took. Leader only. */
    private long lastRoundNanos;

    /** Whether a fresh leader lets the last round's group gather first (savers that wait: synchronous mode). */
    private final boolean gather;

    GroupCommit(ReentrantLock storeLock, Flusher flusher, DirectorySync directory) {
        this(storeLock, flusher, directory, true);
    }

    /**
     * A group commit; without {@code gather} every round starts at once (buffered mode, where only the flush
     * thread leads rounds and no saver comes back to complete a group).
     */
    GroupCommit(ReentrantLock storeLock, Flusher flusher, DirectorySync directory, boolean gather) {
        this.storeLock = storeLock;
        this.flusher = flusher;
        this.directory = directory;
        this.gather = gather;
    }

    /** Numbers an append; call under the store's lock, after the append. */
    long nextSequence() {
        return ++appended;
    }

    /** Returns once every append up to {@code sequence} is on stable storage. */
    void awaitDurable(long sequence) throws IOException {
        if (!settled(sequence)) {
            waitUntilSettled(sequence);
        }
        Failure failed = failureCovering(sequence);
        if (failed != null) {
            throw forceFailure(failed);
        }
    }

    /** The number of the latest append; everything appended before a call is numbered at most this. */
    long lastSequence() {
        return appended;
    }

    /**
     * A completion that finishes once a round settled the append numbered {@code sequence}: normally when it is
     * durable, exceptionally with the {@link IOException} of the round that failed it. Starts no round.
     */
    CompletableFuture<Void> whenSettled(long sequence) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!completeIfSettled(sequence, done)) {
            completions.add(new Completion(sequence, done));
            // a round may have ended between the check and the add, without seeing this completion
            completeIfSettled(sequence, done);
        }
        return done;
    }

    /**
     * Finishes every pending completion: those a failed round covered fail with its cause, the others with
     * {@code failure}, or normally when it is null (the store was closed and forced everything).
     */
    void settleAll(Exception failure) {
        for (Completion completion; (completion = completions.poll()) != null; ) {
            Failure failed = failureCovering(completion.sequence());
            if (failed != null) {
                completion.done().completeExceptionally(forceFailure(failed));
            } else if (failure != null) {
                completion.done().completeExceptionally(failure);
            } else {
                completion.done().complete(null);
            }
        }
    }

    private boolean completeIfSettled(long sequence, CompletableFuture<Void> done) {
        if (!settled(sequence)) {
            return false;
        }
        Failure failed = failureCovering(sequence);
        if (failed != null) {
            done.completeExceptionally(forceFailure(failed));
        } else {
            done.complete(null);
        }
        return true;
    }

    private static IOException forceFailure(Failure failed) {
        String message = "writing or forcing data files to disk failed: " + failed.cause().getMessage();
        return failed.undone() ? new RolledBackException(message, failed.cause())
                : new IOException(message, failed.cause());
    }

    /** The failure of the latest round when no round succeeded since, or null while rounds succeed. */
    Exception failing() {
        return failing;
    }

    /** When ({@link System#currentTimeMillis()}) rounds began failing; meaningful while {@link #failing()}. */
    long failingSinceMillis() {
        return failingSinceMillis;
    }

    /** When ({@link System#nanoTime()}) the last successful round began, or this commit was made. */
    long lastSuccessStart() {
        return lastSuccessStart;
    }

    /** How many rounds failed since this commit was made. */
    long failedRounds() {
        return failedRounds;
    }

    /** Completes the pending completions whose appends are settled; by a round's leader. */
    private void completeSettled() {
        for (Iterator<Completion> it = completions.iterator(); it.hasNext(); ) {
            Completion completion = it.next();
            if (completeIfSettled(completion.sequence(), completion.done())) {
                it.remove();
            }
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
     * Leads rounds or waits on the queue until a round settles the append numbered {@code sequence}. An interrupt
     * does not end the wait; it is kept for the caller.
     */
    private void waitUntilSettled(long sequence) {
        Thread self = Thread.currentThread();
        CommitWaiter waiter = null;
        boolean interrupted = false;
        try {
            while (waiter == null || waiter.state() != CommitWaiter.State.SETTLED) {
                if (settled(sequence)) {
                    if (waiter == null || waiter.leave()) {
                        return;
                    }
                    continue;
                }
                Lead current = lead.get();
                long now = System.nanoTime();
                boolean mayLead = current == null || appended >= current.until()
                        || current.backup() == self && now >= current.deadline();
                if (mayLead && lead.compareAndSet(current, RUNNING)) {
                    if (waiter != null) {
                        waiter.leave();
                        waiter = null;
                    }
                    lead(sequence, current == null);
                } else if (waiter == null) {
                    waiter = new CommitWaiter(sequence);
                    waiters.add(waiter);
                } else if (current != null && current.backup() == self) {
                    LockSupport.parkNanos(this, current.deadline() - now);
                    interrupted |= Thread.interrupted();
                } else if (!mayLead) {
                    LockSupport.park(this);
                    interrupted |= Thread.interrupted();
                }
            }
        } finally {
            if (interrupted) {
                self.interrupt();
            }
        }
    }

    /**
     * Holding the lead: runs a round for {@code sequence} unless a round already settled it, then hands the lead
     * on. A saver that found nobody leading first lets the last round's group gather, as their backup.
     */
    private void lead(long sequence, boolean fresh) {
        long until = durable + nextGroup;
        if (gather && fresh && !settled(sequence) && appended < until) {
            lead.set(new Lead(Thread.currentThread(), until, System.nanoTime() + gatherNanos()));
            return;
        }
        try {
            if (!settled(sequence)) {
                runRound();
            }
        } finally {
            handOver();
        }
    }

    private void runRound() {
        long started = System.nanoTime();
        long target = 0;
        Round round = null;
        try {
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
            lastSuccessStart = started;
            failing = null;
        } catch (IOException | RuntimeException e) {
            boolean undone;
            storeLock.lock();
            try {
                undone = flusher.rollBack(round);
                if (undone) {
                    // every append not yet durable was rolled back: all of them fail
                    target = appended;
                }
            } catch (RuntimeException rolling) {
                e.addSuppressed(rolling);
                undone = false;
            } finally {
                storeLock.unlock();
            }
            List<Failure> kept = new ArrayList<>(failures);
            if (!kept.isEmpty() && kept.get(0).from() == durable + 1) {
                kept.set(0, new Failure(durable + 1, Math.max(target, kept.get(0).upTo()), e,
                        undone && kept.get(0).undone()));
            } else {
                kept.add(0, new Failure(durable + 1, target, e, undone));
            }
            failures = List.copyOf(kept.subList(0, Math.min(kept.size(), KEPT_FAILURES)));
            if (failing == null) {
                failingSinceMillis = System.currentTimeMillis();
            }
            failing = e;
            failedRounds++;
        } finally {
            lastRoundNanos = System.nanoTime() - started;
        }
    }

    /** How long a group may gather: as long as the last round took on disk, at most a millisecond. */
    private long gatherNanos() {
        return Math.min(lastRoundNanos, MAX_GATHER_NANOS);
    }

    private void force(Round round) throws IOException {
        for (AppendTarget file : round.targets()) {
            try {
                file.force();
            } catch (ClosedChannelException closed) {
                // closed by eviction or close(), which force before closing: fine unless that force failed
                IOException failed = file.forceFailure();
                if (failed != null) {
                    throw new IOException("forcing a retired data file failed: " + failed.getMessage(), failed);
                }
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
        for (AppendTarget file : round.targets()) {
            file.promote();
        }
        for (AppendTarget file : round.retired()) {
            file.promote();
        }
        for (AppendTarget file : round.closed()) {
            file.promote();
        }
    }

    /**
     * Holding the lead: unparks every waiter whose append is now settled. When waiters are still pending, lets the
     * next group gather with the first of them as backup; otherwise gives the lead up (and takes it back to serve
     * a waiter that queued meanwhile, which saw the lead held and parked).
     */
    private void handOver() {
        if (!completions.isEmpty()) {
            completeSettled();
        }
        nextGroup = lastRoundAppends + appended - durable;
        do {
            CommitWaiter backup = null;
            for (Iterator<CommitWaiter> it = waiters.iterator(); it.hasNext(); ) {
                CommitWaiter waiter = it.next();
                if (waiter.state() != CommitWaiter.State.WAITING) {
                    it.remove();
                } else if (settled(waiter.sequence)) {
                    it.remove();
                    waiter.settle();
                } else if (backup == null) {
                    backup = waiter;
                }
            }
            if (backup != null) {
                lead.set(new Lead(backup.thread(), durable + nextGroup, System.nanoTime() + gatherNanos()));
                LockSupport.unpark(backup.thread());
                return;
            }
            lead.set(null);
        } while (!waiters.isEmpty() && lead.compareAndSet(null, RUNNING));
    }

    /** Whether a round made the append numbered {@code sequence} durable or failed it. */
    private boolean settled(long sequence) {
        return durable >= sequence || failureCovering(sequence) != null;
    }

    /** The failed round that covered the append numbered {@code sequence}, or null. */
    private Failure failureCovering(long sequence) {
        for (Failure failed : failures) {
            if (failed.covers(sequence)) {
                return failed;
            }
        }
        return null;
    }
}
