package io.theia.store.naive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The group commit mechanism on its own, with a fake flusher: every saver returns only after a round that
 * covered its append, rounds are shared, a failed round fails exactly its savers, and no saver is left parked.
 * Each round forces a real directory, so rounds take as long as an {@code fsync} and savers pile up behind them.
 */
class GroupCommitTest {

    private static final int SAVERS = 64;

    @TempDir
    Path dir;

    private final ReentrantLock storeLock = new ReentrantLock();
    private final ExecutorService pool = Executors.newFixedThreadPool(SAVERS);

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    @Test
    void everySaverReturnsOnlyAfterARoundCoveredItsAppend() throws Exception {
        FakeFlusher flusher = new FakeFlusher();
        GroupCommit commit = new GroupCommit(storeLock, flusher, new DirectorySync(dir));
        int savesEach = 200;
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();

        runSavers(SAVERS, () -> {
            for (int i = 0; i < savesEach; i++) {
                long sequence = append(commit, flusher);
                commit.awaitDurable(sequence);
                if (flusher.coveredUpTo() < sequence) {
                    problems.add("append " + sequence + " returned before a round covered it");
                }
            }
            return null;
        });

        assertThat(problems).isEmpty();
        assertThat(flusher.rounds.get()).isLessThan(SAVERS * savesEach / 4);
    }

    @Test
    void aLoneSaverRunsOneRoundPerSave() throws Exception {
        FakeFlusher flusher = new FakeFlusher();
        GroupCommit commit = new GroupCommit(storeLock, flusher, new DirectorySync(dir));

        for (int i = 0; i < 50; i++) {
            long sequence = append(commit, flusher);
            commit.awaitDurable(sequence);
            assertThat(flusher.coveredUpTo()).isEqualTo(sequence);
        }

        assertThat(flusher.rounds.get()).isEqualTo(50);
    }

    @Test
    void aSaverLeftAloneAfterAGroupLeadsItsOwnRoundsAgain() throws Exception {
        FakeFlusher flusher = new FakeFlusher();
        GroupCommit commit = new GroupCommit(storeLock, flusher, new DirectorySync(dir));
        runSavers(SAVERS, () -> {
            for (int i = 0; i < 20; i++) {
                commit.awaitDurable(append(commit, flusher));
            }
            return null;
        });
        int roundsBefore = flusher.rounds.get();

        for (int i = 0; i < 50; i++) {
            long sequence = append(commit, flusher);
            commit.awaitDurable(sequence);
            assertThat(flusher.coveredUpTo()).isGreaterThanOrEqualTo(sequence);
        }

        assertThat(flusher.rounds.get() - roundsBefore).isEqualTo(50);
    }

    @Test
    void aFailedRoundFailsItsSaversAndLaterRoundsSucceedAgain() throws Exception {
        FakeFlusher flusher = new FakeFlusher();
        GroupCommit commit = new GroupCommit(storeLock, flusher, new DirectorySync(dir));
        flusher.failing.set(true);

        List<Object> outcomes = runSavers(SAVERS, () -> {
            long sequence = append(commit, flusher);
            try {
                commit.awaitDurable(sequence);
                return "returned";
            } catch (IOException e) {
                return e.getCause();
            }
        });

        assertThat(outcomes).hasSize(SAVERS).allMatch(outcome -> outcome == FakeFlusher.FAILURE);
        flusher.failing.set(false);
        List<Object> later = runSavers(SAVERS, () -> {
            commit.awaitDurable(append(commit, flusher));
            return "returned";
        });
        assertThat(later).hasSize(SAVERS).containsOnly("returned");
    }

    @Test
    void aSaveAFailedRoundCoveredStaysFailedAfterALaterRoundSucceeds() throws Exception {
        FakeFlusher flusher = new FakeFlusher();
        GroupCommit commit = new GroupCommit(storeLock, flusher, new DirectorySync(dir));
        long late = append(commit, flusher);
        flusher.failing.set(true);
        long failed = append(commit, flusher);
        assertThatThrownBy(() -> commit.awaitDurable(failed)).isInstanceOf(IOException.class);
        flusher.failing.set(false);
        commit.awaitDurable(append(commit, flusher));

        assertThatThrownBy(() -> commit.awaitDurable(late))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("writing or forcing data files to disk failed")
                .hasCause(FakeFlusher.FAILURE);
    }

    @Test
    void aRoundThatCannotForceTheDirectoryFailsItsSavers() throws Exception {
        FakeFlusher flusher = new FakeFlusher();
        GroupCommit commit = new GroupCommit(storeLock, flusher, new DirectorySync(dir.resolve("gone")));

        assertThatThrownBy(() -> commit.awaitDurable(append(commit, flusher)))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("writing or forcing data files to disk failed");
    }

    @Test
    void aSaverInterruptedWhileParkedStillWaitsForItsRoundAndKeepsTheInterrupt() throws Exception {
        FakeFlusher flusher = new FakeFlusher();
        GroupCommit commit = new GroupCommit(storeLock, flusher, new DirectorySync(dir));
        int parked = 8;
        CountDownLatch appended = new CountDownLatch(parked);
        CountDownLatch roundRunning = new CountDownLatch(1);
        List<Thread> threads = new CopyOnWriteArrayList<>();
        List<Future<Boolean>> savers = new ArrayList<>();
        for (int i = 0; i < parked; i++) {
            savers.add(pool.submit(() -> {
                threads.add(Thread.currentThread());
                long sequence = append(commit, flusher);
                appended.countDown();
                roundRunning.await();
                commit.awaitDurable(sequence);
                return Thread.interrupted() && flusher.coveredUpTo() >= sequence;
            }));
        }
        appended.await();
        flusher.gate = new CountDownLatch(1);
        Future<?> leader = pool.submit(() -> {
            commit.awaitDurable(append(commit, flusher));
            return null;
        });
        Awaitility.await().until(() -> flusher.rounds.get() == 1);
        roundRunning.countDown();
        Awaitility.await().until(() -> threads.stream().allMatch(thread -> LockSupport.getBlocker(thread) == commit));

        threads.forEach(Thread::interrupt);
        flusher.gate.countDown();

        leader.get(60, TimeUnit.SECONDS);
        for (Future<Boolean> saver : savers) {
            assertThat(saver.get(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(flusher.rounds.get()).isEqualTo(1);
    }

    @Test
    void forceAllJoinsTheSaversRounds() throws Exception {
        FakeFlusher flusher = new FakeFlusher();
        GroupCommit commit = new GroupCommit(storeLock, flusher, new DirectorySync(dir));
        AtomicBoolean saving = new AtomicBoolean(true);
        Future<?> forcer = pool.submit(() -> {
            while (saving.get()) {
                commit.forceAll();
            }
            return null;
        });

        runSavers(SAVERS / 2, () -> {
            for (int i = 0; i < 50; i++) {
                long sequence = append(commit, flusher);
                commit.awaitDurable(sequence);
                assertThat(flusher.coveredUpTo()).isGreaterThanOrEqualTo(sequence);
            }
            return null;
        });

        saving.set(false);
        forcer.get(30, TimeUnit.SECONDS);
    }

    /** Numbers an append under the store's lock, as the store does. */
    private long append(GroupCommit commit, FakeFlusher flusher) {
        storeLock.lock();
        try {
            flusher.appended = commit.nextSequence();
            return flusher.appended;
        } finally {
            storeLock.unlock();
        }
    }

    /** Runs the task on {@code count} threads at once; fails when one of them is still parked after 60 s. */
    private List<Object> runSavers(int count, Callable<Object> task) throws Exception {
        List<Future<Object>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            futures.add(pool.submit(task));
        }
        List<Object> results = new ArrayList<>();
        for (Future<Object> future : futures) {
            results.add(future.get(60, TimeUnit.SECONDS));
        }
        return results;
    }

    /**
     * Records, under the store's lock, how many appends each round took; forces the directory every round. Fails
     * while {@link #failing} is set; holds rounds while {@link #gate} is closed.
     */
    private static final class FakeFlusher implements GroupCommit.Flusher {

        static final IOException FAILURE = new IOException("disk on fire");

        final AtomicInteger rounds = new AtomicInteger();
        final AtomicBoolean failing = new AtomicBoolean();
        /** When set, rounds wait in {@code prepare} until it opens. */
        volatile CountDownLatch gate;
        /** The number of the last append a saver made; under the store's lock. */
        long appended;
        private volatile long prepared;

        @Override
        public GroupCommit.Round prepare() throws IOException {
            rounds.incrementAndGet();
            CountDownLatch wait = gate;
            if (wait != null) {
                try {
                    wait.await();
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            }
            if (failing.get()) {
                throw FAILURE;
            }
            prepared = appended;
            return new GroupCommit.Round(List.of(), List.of(), true);
        }

        /** The number of the last saver's append that a round has taken. */
        long coveredUpTo() {
            return prepared;
        }
    }
}
