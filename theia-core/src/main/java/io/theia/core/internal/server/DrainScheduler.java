package io.theia.core.internal.server;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one stream's drain (a pass that sends what is queued without ever blocking) on an executor, one pass at a
 * time: {@link #wake()} schedules a pass unless one is running or scheduled, and work reported while a pass runs makes
 * it run again, so nothing reported is left undrained and work that comes in while a pass waits for a thread is sent
 * together (one write for many events). Two passes never overlap, so the drain may keep unsynchronized state.
 *
 * <p>Passes never run on the reporting thread: draining on the publishing thread when the subscriber was idle was
 * measured (docs/benchmarks.md, issue 13) and made the own client's {@code /live} p99 at 10 × 10k events/s three times
 * worse, for no gain with the {@code ws} client. Thread-safe.
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
        if (work.getAndIncrement() == 0) {
            executor.execute(this::drain);
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
