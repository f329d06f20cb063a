package io.theia.core.internal.server;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one stream's drain (a pass that sends what is queued without ever blocking) one pass at a time: {@link #wake}
 * starts a pass unless one is running or scheduled, and work reported while a pass runs makes it run again, so
 * nothing reported is left undrained and work that comes in while a pass waits for a thread is sent together (one
 * write for many events). Two passes never overlap, so the drain may keep unsynchronized state.
 *
 * <p>A pass runs on the executor, except when the waking thread says it may run it itself: the connection reader
 * that saved a lone event after a quiet spell ({@link io.theia.core.internal.pipeline.LiveSubscription.Waker}). At a
 * low rate that saves the wake-up of a pool thread per event; when events come close together they are published
 * by the ingest workers, which hand the passes off (draining on the publishing thread at that rate was measured to
 * triple the own client's {@code /live} p99 at 10 × 10k events/s, docs/benchmarks.md, issue 13). Thread-safe.
 */
final class DrainScheduler {

    private final AtomicInteger work = new AtomicInteger();
    private final Executor executor;
    private final Runnable pass;

    /**
     * @param executor where passes run
     * @param pass one drain pass; must not block
     */
    DrainScheduler(Executor executor, Runnable pass) {
        this.executor = executor;
        this.pass = pass;
    }

    /** New work from any thread: makes a pass run on the executor unless one is running or scheduled. */
    void wake() {
        wake(false);
    }

    /**
     * New work: unless a pass is running or scheduled, makes one run on this thread when {@code here}, else on the
     * executor.
     */
    void wake(boolean here) {
        if (work.getAndIncrement() == 0) {
            if (here) {
                drain();
            } else {
                executor.execute(this::drain);
            }
        }
    }

    /** Runs passes until no work came in during the last one. */
    private void drain() {
        int missed = 1;
        do {
            pass.run();
            missed = work.addAndGet(-missed);
        } while (missed != 0);
    }
}
