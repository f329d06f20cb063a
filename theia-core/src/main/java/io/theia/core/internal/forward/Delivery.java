package io.theia.core.internal.forward;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One {@code deliver} call: its completion finishes once every one of its events is acknowledged, whichever
 * messages they travelled in. Thread-safe.
 */
final class Delivery {

    final CompletableFuture<Void> completion = new CompletableFuture<>();
    final int events;
    final long bytes;
    private final AtomicInteger remaining;
    private final Consumer<Delivery> onFinished;

    Delivery(int events, long bytes, Consumer<Delivery> onFinished) {
        this.events = events;
        this.bytes = bytes;
        this.remaining = new AtomicInteger(events);
        this.onFinished = onFinished;
    }

    /** Counts {@code count} more of its events as acknowledged; completes the delivery with the last one. */
    void acknowledged(int count) {
        if (remaining.addAndGet(-count) == 0) {
            onFinished.accept(this);
            completion.complete(null);
        }
    }

    /** Fails the delivery, unless it is complete already. */
    void fail(Throwable cause) {
        if (completion.completeExceptionally(cause)) {
            onFinished.accept(this);
        }
    }
}
