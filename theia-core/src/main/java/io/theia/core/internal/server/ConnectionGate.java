package io.theia.core.internal.server;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts open WebSocket connections and refuses more than the configured maximum. Thread-safe. */
final class ConnectionGate {

    private final int max;
    private final AtomicInteger open = new AtomicInteger();

    ConnectionGate(int max) {
        this.max = max;
    }

    /** Reserves a place; returns the release action (idempotent), or null when the maximum is reached. */
    Runnable tryEnter() {
        while (true) {
            int current = open.get();
            if (current >= max) {
                return null;
            }
            if (open.compareAndSet(current, current + 1)) {
                AtomicBoolean released = new AtomicBoolean();
                return () -> {
                    if (released.compareAndSet(false, true)) {
                        open.decrementAndGet();
                    }
                };
            }
        }
    }

    int open() {
        return open.get();
    }

    int max() {
        return max;
    }
}
