package io.theia.launcher;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicLong;

/** Shows how far a long measurement has come, on standard error, at most once a second. Thread-safe. */
final class Progress {

    private final PrintWriter err;
    private final AtomicLong lastShown = new AtomicLong(System.nanoTime());

    Progress(PrintWriter err) {
        this.err = err;
    }

    void update(String what, long done, long total) {
        long now = System.nanoTime();
        long last = lastShown.get();
        if (now - last >= 1_000_000_000L && lastShown.compareAndSet(last, now)) {
            err.printf("%s: %d of %d%n", what, done, total);
            err.flush();
        }
    }
}
