package io.theia.launcher;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Shows how far a long run has come, on standard error, at most once a second: as lines ({@link #update}, for
 * bench's measurements), or as one line rewritten in place on a terminal ({@link #count}, cleared by
 * {@link #clear}). Thread-safe.
 */
final class Progress {

    private final PrintWriter err;
    private final AtomicLong lastShown = new AtomicLong(System.nanoTime());
    private final AtomicBoolean shown = new AtomicBoolean();

    Progress(PrintWriter err) {
        this.err = err;
    }

    void update(String what, long done, long total) {
        if (due()) {
            err.printf("%s: %d of %d%n", what, done, total);
            err.flush();
        }
    }

    /** Shows {@code theia: <done> <what>…} in place of what it showed before, if a second has passed. */
    void count(String what, long done) {
        if (due()) {
            synchronized (this) {
                err.print("\rtheia: " + done + " " + what + "\u2026\u001b[K");
                err.flush();
                shown.set(true);
            }
        }
    }

    /** Removes the line {@link #count} showed, if any. */
    synchronized void clear() {
        if (shown.getAndSet(false)) {
            err.print("\r\u001b[K");
            err.flush();
        }
    }

    private boolean due() {
        long now = System.nanoTime();
        long last = lastShown.get();
        return now - last >= 1_000_000_000L && lastShown.compareAndSet(last, now);
    }
}
