package io.theia.launcher;

import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * Waits until the process is asked to stop (SIGINT or SIGTERM). Handling the signals, rather than letting the JVM
 * shut down on them, lets the command stop everything in order and exit with status 0.
 */
final class SignalWaiter {

    private final CountDownLatch stop = new CountDownLatch(1);

    SignalWaiter() {
        Signal.handle(new Signal("INT"), signal -> stop.countDown());
        Signal.handle(new Signal("TERM"), signal -> stop.countDown());
    }

    /** Ends the wait as a signal would, e.g. when what was being followed has ended. */
    void stop() {
        stop.countDown();
    }

    /** Blocks until a stop signal arrives. */
    void await() throws InterruptedException {
        stop.await();
    }
}
