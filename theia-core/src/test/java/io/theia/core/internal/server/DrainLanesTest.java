package io.theia.core.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DrainLanesTest {

    @Test
    void tasksGivenToOneLaneWhileItWaitsForAThreadTakeOneHandOffAndRunInOrder() {
        Handoffs pool = new Handoffs();
        Executor lane = new DrainLanes(pool, 2).next();
        List<Integer> ran = new ArrayList<>();

        for (int i = 0; i < 10; i++) {
            int task = i;
            lane.execute(() -> ran.add(task));
        }

        assertThat(ran).as("nothing runs on the giving thread").isEmpty();
        assertThat(pool.tasks).as("ten subscribers' passes, one pool thread").hasSize(1);
        pool.tasks.poll().run();
        assertThat(ran).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        lane.execute(() -> ran.add(10));
        assertThat(pool.tasks).as("an idle lane hands off again").hasSize(1);
    }

    @Test
    void newStreamsTakeTheLanesInTurn() {
        Handoffs pool = new Handoffs();
        DrainLanes lanes = new DrainLanes(pool, 2);
        Executor first = lanes.next();
        Executor second = lanes.next();

        assertThat(second).isNotSameAs(first);
        assertThat(lanes.next()).isSameAs(first);
        assertThat(lanes.next()).isSameAs(second);
    }

    @Test
    void aFailingTaskDoesNotStopTheLane() {
        Handoffs pool = new Handoffs();
        Executor lane = new DrainLanes(pool, 1).next();
        AtomicInteger ran = new AtomicInteger();

        lane.execute(() -> {
            throw new IllegalStateException("a broken pass");
        });
        lane.execute(ran::incrementAndGet);
        pool.tasks.poll().run();
        lane.execute(ran::incrementAndGet);
        pool.tasks.poll().run();

        assertThat(ran).hasValue(2);
    }

    @Test
    void aLaneNeverRunsTwoTasksAtOnceAndRunsEveryTaskGivenFromManyThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Executor lane = new DrainLanes(pool, 1).next();
            AtomicBoolean running = new AtomicBoolean();
            AtomicInteger overlaps = new AtomicInteger();
            AtomicInteger ran = new AtomicInteger();
            int threads = 4;
            int tasks = 20_000;
            CountDownLatch allRan = new CountDownLatch(threads * tasks);
            for (int t = 0; t < threads; t++) {
                new Thread(() -> {
                    for (int i = 0; i < tasks; i++) {
                        lane.execute(() -> {
                            if (!running.compareAndSet(false, true)) {
                                overlaps.incrementAndGet();
                            }
                            ran.incrementAndGet();
                            running.set(false);
                            allRan.countDown();
                        });
                    }
                }).start();
            }

            assertThat(allRan.await(30, TimeUnit.SECONDS)).as("every task ran; %d did", ran.get()).isTrue();
            assertThat(overlaps).hasValue(0);
        } finally {
            pool.shutdownNow();
        }
    }
}
