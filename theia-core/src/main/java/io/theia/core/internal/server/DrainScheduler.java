package io.theia.core.internal.server;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one stream's drain (a pass that sends what is queued without ever blocking) one pass at a time, and decides
 * on which thread: on the thread that reports new work when the stream is idle, otherwise on an executor.
 *
 * <p>{@link #available()} is for the publishing thread. When no pass is running, the stream says it is {@code idle}
 * (nothing of it waiting to be written) and the last pass began at least {@code quietNanos} ago, the pass runs right
 * there: at a low rate, a subscriber that keeps up costs no hand-off to another thread, and a publisher with ten
 * subscribers writes to the ten sockets in one loop. Otherwise the pass runs on the executor: a subscriber that is
 * behind never holds the publisher up for more than one pass, and at a high rate work that comes in while the pass
 * waits for a thread is sent together (one write for many events, where passes on the publisher would write each
 * alone). {@link #wake()} is
 * for everything else (a send completed, the stream became ready): it always uses the executor.
 *
 * <p>Work reported while a pass runs is never lost: it makes that pass (or the executor's) run again. Two passes
 * never overlap, so the drain may keep unsynchronized state. Thread-safe.
 */
final class DrainScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(DrainScheduler.class);

    private final AtomicInteger work = new AtomicInteger();
    private final Executor executor;
    private final Runnable pass;
    private final BooleanSupplier idle;
    private final long quietNanos;
    private volatile long lastPass = System.nanoTime() - Long.MAX_VALUE / 2;

    /**
     * @param executor where passes run that are not run inline
     * @param pass one drain pass; must not block
     * @param idle whether the stream has nothing waiting to be written, so a pass on the publishing thread is cheap
     * @param quietNanos how long after the last pass began a pass may run on the publishing thread again
     */
    DrainScheduler(Executor executor, Runnable pass, BooleanSupplier idle, long quietNanos) {
        this.executor = executor;
        this.pass = pass;
        this.idle = idle;
        this.quietNanos = quietNanos;
    }

    /**
     * New work from a publishing thread: runs a pass here when the stream is idle and no pass runs; never blocks, and
     * never throws what the pass threw (it is logged).
     */
    void available() {
        if (work.getAndIncrement() != 0) {
            return;
        }
        if (System.nanoTime() - lastPass < quietNanos || !idle.getAsBoolean()) {
            executor.execute(() -> drain(1));
            return;
        }
        lastPass = System.nanoTime();
        try {
            pass.run();
        } catch (RuntimeException e) {
            // the publisher's own work (a save already done, other subscribers) must not fail with this stream
            LOG.warn("Sending to a live subscriber failed", e);
        }
        int missed = work.decrementAndGet();
        if (missed != 0) {
            // more came while this pass ran: the rest is the executor's, not the publisher's
            executor.execute(() -> drain(missed));
        }
    }

    /** New work from any other thread: makes a pass run on the executor unless one is running or scheduled. */
    void wake() {
        if (work.getAndIncrement() == 0) {
            executor.execute(() -> drain(1));
        }
    }

    /** Runs passes until no work came in during the last one; {@code missed}: the work this drain took over. */
    private void drain(int missed) {
        do {
            lastPass = System.nanoTime();
            pass.run();
            missed = work.addAndGet(-missed);
        } while (missed != 0);
    }
}
