package io.theia.core.internal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DrainSchedulerTest {

    /** An executor that only collects its tasks, so a test sees what was handed off and runs it when it likes. */
    private static final class Handoffs implements Executor {
        final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        void runAll() {
            for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
                task.run();
            }
        }
    }

    @Test
    void anIdleStreamIsDrainedOnThePublishingThreadWithoutAHandOff() {
        Handoffs executor = new Handoffs();
        List<Thread> ranOn = new ArrayList<>();
        DrainScheduler scheduler = new DrainScheduler(executor, () -> ranOn.add(Thread.currentThread()), () -> true,
                0);

        scheduler.available();
        scheduler.available();

        assertThat(ranOn).containsExactly(Thread.currentThread(), Thread.currentThread());
        assertThat(executor.tasks).isEmpty();
    }

    @Test
    void workComingSoonAfterTheLastPassIsLeftToTheExecutorToSendTogether() {
        Handoffs executor = new Handoffs();
        List<Thread> ranOn = new ArrayList<>();
        DrainScheduler scheduler = new DrainScheduler(executor, () -> ranOn.add(Thread.currentThread()), () -> true,
                TimeUnit.HOURS.toNanos(1));

        scheduler.available();
        scheduler.available();
        scheduler.available();

        assertThat(ranOn).as("the first: no pass before it").containsExactly(Thread.currentThread());
        assertThat(executor.tasks).hasSize(1);
        executor.runAll();
        assertThat(ranOn).as("the executor drained the other two").hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void aStreamWithWritesPendingIsDrainedOnTheExecutorNotByThePublisher() {
        Handoffs executor = new Handoffs();
        AtomicInteger passes = new AtomicInteger();
        DrainScheduler scheduler = new DrainScheduler(executor, passes::incrementAndGet, () -> false, 0);

        scheduler.available();
        scheduler.available();

        assertThat(passes).hasValue(0);
        assertThat(executor.tasks).as("one pass scheduled for both").hasSize(1);
        executor.runAll();
        assertThat(passes).as("work reported while scheduled makes the pass run again").hasValue(2);
    }

    @Test
    void workReportedDuringAnInlinePassGoesToTheExecutorOnce() {
        Handoffs executor = new Handoffs();
        AtomicInteger passes = new AtomicInteger();
        DrainScheduler[] scheduler = new DrainScheduler[1];
        scheduler[0] = new DrainScheduler(executor, () -> {
            if (passes.incrementAndGet() == 1) {
                // e.g. a send that completed at once and another publisher, while the first pass runs
                scheduler[0].wake();
                scheduler[0].available();
            }
        }, () -> true, 0);

        scheduler[0].available();

        assertThat(passes).as("the publisher ran one pass only").hasValue(1);
        assertThat(executor.tasks).hasSize(1);
        executor.runAll();
        assertThat(passes).hasValue(2);
        assertThat(executor.tasks).isEmpty();

        scheduler[0].available();
        assertThat(passes).as("idle again: inline again").hasValue(3);
        assertThat(executor.tasks).isEmpty();
    }

    @Test
    void aPassThatFailsOnThePublishingThreadNeitherFailsThePublisherNorStopsLaterPasses() {
        Handoffs executor = new Handoffs();
        AtomicInteger passes = new AtomicInteger();
        DrainScheduler scheduler = new DrainScheduler(executor, () -> {
            if (passes.incrementAndGet() == 1) {
                throw new IllegalStateException("the connection is gone");
            }
        }, () -> true, 0);

        scheduler.available();
        scheduler.available();

        assertThat(passes).hasValue(2);
        assertThat(executor.tasks).isEmpty();
    }

    @Test
    void wakeAlwaysUsesTheExecutorAndSchedulesOnlyOnce() {
        Handoffs executor = new Handoffs();
        AtomicInteger passes = new AtomicInteger();
        DrainScheduler scheduler = new DrainScheduler(executor, passes::incrementAndGet, () -> true, 0);

        scheduler.wake();
        scheduler.wake();
        scheduler.available();

        assertThat(passes).as("a pass is scheduled: the publisher does not run one beside it").hasValue(0);
        assertThat(executor.tasks).hasSize(1);
        executor.runAll();
        assertThat(passes.get()).isPositive();
        assertThat(executor.tasks).isEmpty();
    }

    @Test
    void passesNeverOverlapAndNoReportedWorkIsLeftUndrained() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            AtomicLong reported = new AtomicLong();
            AtomicLong drainedUpTo = new AtomicLong();
            AtomicBoolean running = new AtomicBoolean();
            AtomicInteger overlaps = new AtomicInteger();
            AtomicBoolean idle = new AtomicBoolean(true);
            DrainScheduler scheduler = new DrainScheduler(pool, () -> {
                if (!running.compareAndSet(false, true)) {
                    overlaps.incrementAndGet();
                }
                // everything reported before this pass began is drained by it
                drainedUpTo.accumulateAndGet(reported.get(), Math::max);
                Thread.onSpinWait();
                running.set(false);
            }, idle::get, 0);
            int threads = 4;
            int calls = 20_000;
            CountDownLatch done = new CountDownLatch(threads);
            for (int t = 0; t < threads; t++) {
                int kind = t;
                new Thread(() -> {
                    for (int i = 0; i < calls; i++) {
                        reported.incrementAndGet();
                        if (kind == 0) {
                            scheduler.wake();
                        } else {
                            idle.set(i % 3 != 0);
                            scheduler.available();
                        }
                    }
                    done.countDown();
                }).start();
            }
            assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
            long total = (long) threads * calls;
            await().untilAsserted(() -> assertThat(drainedUpTo).hasValue(total));
            assertThat(overlaps).hasValue(0);
        } finally {
            pool.shutdownNow();
        }
    }
}
