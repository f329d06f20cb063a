package io.theia.launcher;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Waits until the process is asked to stop (SIGINT, SIGTERM: anything that starts the JVM's shutdown), so that a
 * command stops everything in order and exits with its own status (0) rather than the signal's (130, 143).
 *
 * <p>The JDK has no public API to handle a signal; a shutdown hook is the supported way to learn of one. The hook
 * ends the wait, then holds the shutdown until {@link Main} has the command's status ({@link #exit}) and halts with
 * it, at most {@link #HOLD_MINUTES} minutes. Close the waiter once the command no longer waits (try-with-resources):
 * that removes its hook, so that an ordinary exit is not held.
 */
final class SignalWaiter implements AutoCloseable {

    /** The longest the shutdown waits for a command that was asked to stop. */
    static final long HOLD_MINUTES = 2;

    /** Counted down when {@link Main} exits normally: hooks running from then on return at once. */
    private static final CountDownLatch EXITING = new CountDownLatch(1);
    /** Whether a hook is holding the shutdown for a command that was asked to stop. */
    private static final AtomicBoolean SIGNALLED = new AtomicBoolean();

    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread hook = new Thread(this::onShutdown, "theia-stop");

    SignalWaiter() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Ends the wait as a signal would, e.g. when what was being followed has ended. */
    void stop() {
        stop.countDown();
    }

    /** Blocks until a stop signal arrives, or {@link #stop()}. */
    void await() throws InterruptedException {
        stop.await();
    }

    /** Removes the hook; idempotent, and a no-op once the JVM is shutting down. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down: the hook runs, and Main halts with the command's status
        }
    }

    /**
     * Ends the process with {@code status}: {@link System#exit}, or, when a signal started the shutdown and a hook
     * holds it until now, {@link Runtime#halt} (the shutdown hooks ran or are done with their work).
     */
    static void exit(int status) {
        if (SIGNALLED.get() || shuttingDown()) {
            // System.exit would wait for the shutdown a signal started, which ends with the signal's status. The
            // hook holding it is not released first: the shutdown would then race this halt to end the process.
            Runtime.getRuntime().halt(status);
        }
        EXITING.countDown();
        System.exit(status);
    }

    /** Whether the JVM's shutdown has begun (a hook can no longer be added then). */
    private static boolean shuttingDown() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }

    private void onShutdown() {
        // before the wait ends: whoever wakes up must see that a signal holds the shutdown
        SIGNALLED.set(true);
        stop.countDown();
        try {
            EXITING.await(HOLD_MINUTES, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
