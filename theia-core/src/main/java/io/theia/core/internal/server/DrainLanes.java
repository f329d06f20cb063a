package io.theia.core.internal.server;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A few serial lanes over one thread pool, one per core, that the {@code /live} streams share for their drain passes
 * ({@link DrainScheduler}). An event published to ten subscribers so wakes one pool thread per lane instead of one
 * per subscriber: the lane's thread runs the subscribers' passes one after another, each a non-blocking write. Each
 * new stream takes the next lane in turn. Thread-safe.
 */
final class DrainLanes {

    private static final Logger LOG = LoggerFactory.getLogger(DrainLanes.class);

    private final Lane[] lanes;
    private final AtomicInteger next = new AtomicInteger();

    /**
     * @param pool where the lanes' passes run
     * @param count how many lanes run at once at most
     */
    DrainLanes(Executor pool, int count) {
        lanes = new Lane[count];
        for (int i = 0; i < count; i++) {
            lanes[i] = new Lane(pool);
        }
    }

    /** The lane for a new stream. */
    Executor next() {
        return lanes[Math.floorMod(next.getAndIncrement(), lanes.length)];
    }

    /** Runs what it is given one task at a time, in order, on one pool thread while it has tasks. */
    private static final class Lane implements Executor {

        private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean scheduled = new AtomicBoolean();
        private final Executor pool;

        Lane(Executor pool) {
            this.pool = pool;
        }

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
            if (scheduled.compareAndSet(false, true)) {
                pool.execute(this::runAll);
            }
        }

        /** Runs tasks until none is left; a task added while the flag was being lowered is caught by the last look. */
        private void runAll() {
            do {
                for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        LOG.error("a live stream's drain pass failed", e);
                    }
                }
                scheduled.set(false);
            } while (!tasks.isEmpty() && scheduled.compareAndSet(false, true));
        }
    }
}
