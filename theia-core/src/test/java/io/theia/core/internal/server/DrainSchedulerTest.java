package io.theia.core.internal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DrainSchedulerTest {

    @Test
    void aWakeThatMaySendHereRunsThePassOnTheWakingThreadUnlessOneIsScheduled() throws Exception {
        Handoffs executor = new Handoffs();
        java.util.List<Thread> ranOn = new java.util.ArrayList<>();
        DrainScheduler scheduler = new DrainScheduler(executor, () -> ranOn.add(Thread.currentThread()));

        scheduler.wake(true);

        assertThat(ranOn).containsExactly(Thread.currentThread());
        assertThat(executor.tasks).isEmpty();

        scheduler.wake(false);
        scheduler.wake(true);
        assertThat(ranOn).as("a scheduled pass takes the work; none runs here beside it").hasSize(1);
        Thread pool = new Thread(executor::runAll);
        pool.start();
        pool.join();
        assertThat(ranOn.subList(1, ranOn.size())).isNotEmpty().containsOnly(pool);
    }

    @Test
    void wakeSchedulesOnePassOnTheExecutorHoweverOftenItIsCalled() {
        Handoffs executor = new Handoffs();
        AtomicInteger passes = new AtomicInteger();
        DrainScheduler scheduler = new DrainScheduler(executor, passes::incrementAndGet);

        scheduler.wake();
        scheduler.wake();
        scheduler.wake();

        assertThat(passes).as("nothing runs on the waking thread").hasValue(0);
        assertThat(executor.tasks).hasSize(1);
        executor.runAll();
        assertThat(passes.get()).isPositive();
        assertThat(executor.tasks).isEmpty();
        scheduler.wake();
        assertThat(executor.tasks).as("a later wake schedules again").hasSize(1);
    }

    @Test
    void passesNeverOverlapAndNoReportedWorkIsLeftUndrained() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            AtomicLong reported = new AtomicLong();
            AtomicLong drainedUpTo = new AtomicLong();
            AtomicBoolean running = new AtomicBoolean();
            AtomicInteger overlaps = new AtomicInteger();
            DrainScheduler scheduler = new DrainScheduler(pool, () -> {
                if (!running.compareAndSet(false, true)) {
                    overlaps.incrementAndGet();
                }
                // everything reported before this pass began is drained by it
                drainedUpTo.accumulateAndGet(reported.get(), Math::max);
                Thread.onSpinWait();
                running.set(false);
            });
            int threads = 4;
            int calls = 20_000;
            CountDownLatch done = new CountDownLatch(threads);
            for (int t = 0; t < threads; t++) {
                new Thread(() -> {
                    for (int i = 0; i < calls; i++) {
                        reported.incrementAndGet();
                        scheduler.wake();
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
