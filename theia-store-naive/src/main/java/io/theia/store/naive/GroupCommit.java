package io.theia.store.naive;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit: savers that want their records on disk share one round of {@code fdatasync}s.
 *
 * <p>Every append is numbered ({@link #nextSequence()}, under the store's lock). {@link #awaitDurable(long)}
 * returns once a round that began after that append has forced every dirty file. The first waiter with no round
 * running leads one; waiters arriving meanwhile wait for it and then lead, together, the next. When others are
 * waiting, a leader first lets appends already on their way join (see {@link #gather}). Thread-safe.
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

    private static final long MAX_GATHER_NANOS = 1_000_000;
    private static final long GATHER_STEP_NANOS = 20_000;

    private final ReentrantLock storeLock;
    private final Flusher flusher;
    private final DirectorySync directory;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition roundDone = lock.newCondition();
    /** Written under the store's lock; read by a leader gathering a round. */
    private volatile long appended;
    private long durable;
    private boolean running;
    private int waiting;
    private long lastRoundNanos;
    private long failedUpTo;
    private IOException failure;

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
        lock.lock();
        try {
            while (durable < sequence) {
                if (failure != null && failedUpTo >= sequence) {
                    throw new IOException("forcing data files to disk failed", failure);
                }
                if (running) {
                    waiting++;
                    roundDone.awaitUninterruptibly();
                    waiting--;
                    continue;
                }
                running = true;
                boolean others = waiting > 0;
                long gatherNanos = Math.min(lastRoundNanos / 2, MAX_GATHER_NANOS);
                lock.unlock();
                long target = 0;
                IOException failed = null;
                long started = System.nanoTime();
                try {
                    if (others) {
                        gather(gatherNanos);
                    }
                    storeLock.lock();
                    Round round;
                    try {
                        target = appended;
                        round = flusher.prepare();
                    } finally {
                        storeLock.unlock();
                    }
                    for (AppendTarget file : round.targets()) {
                        try {
                            file.force();
                        } catch (ClosedChannelException closed) {
                            // closed by eviction, which forces before closing
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
                } catch (IOException e) {
                    failed = e;
                } finally {
                    lock.lock();
                    running = false;
                    lastRoundNanos = System.nanoTime() - started;
                    if (failed == null) {
                        durable = Math.max(durable, target);
                    } else {
                        failure = failed;
                        failedUpTo = Math.max(failedUpTo, target);
                    }
                    roundDone.signalAll();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * While other savers are waiting, lets appends that are on their way join this round: waits in short steps
     * as long as appends keep arriving, for at most half a round. A lone saver never waits here.
     */
    private void gather(long maxNanos) {
        long deadline = System.nanoTime() + maxNanos;
        long seen = appended;
        while (System.nanoTime() < deadline) {
            LockSupport.parkNanos(GATHER_STEP_NANOS);
            long now = appended;
            if (now == seen) {
                return;
            }
            seen = now;
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
}
