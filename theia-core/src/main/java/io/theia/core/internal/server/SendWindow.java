package io.theia.core.internal.server;

import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import org.eclipse.jetty.websocket.api.Callback;

/**
 * The send window of one stream, counted in bytes: a frame takes as many permits as it has bytes (at most the whole
 * window, so that a single larger frame still goes once the window is empty) and its send callback gives them back.
 * A slow reader so holds a search back by the bytes waiting for it, whatever the size of its frames. Thread-safe.
 */
final class SendWindow {

    private final int bytes;
    private final Semaphore permits;
    private final Consumer<Throwable> onFailure;

    /**
     * @param bytes the most bytes handed to Jetty but not yet taken by it
     * @param onFailure called with the cause when a send fails (after its permits are back)
     */
    SendWindow(int bytes, Consumer<Throwable> onFailure) {
        this.bytes = bytes;
        this.permits = new Semaphore(bytes);
        this.onFailure = onFailure;
    }

    /** Waits until {@code frameBytes} fit; returns the frame's send callback, which gives them back. */
    Callback acquire(int frameBytes) throws InterruptedException {
        int cost = cost(frameBytes);
        permits.acquire(cost);
        return callback(cost);
    }

    /** The frame's send callback when {@code frameBytes} fit now, otherwise null. */
    Callback tryAcquire(int frameBytes) {
        int cost = cost(frameBytes);
        return permits.tryAcquire(cost) ? callback(cost) : null;
    }

    /** Lets every waiting and later acquire through: the stream is closed and its sender must notice and stop. */
    void openWide() {
        permits.release(bytes);
    }

    private int cost(int frameBytes) {
        return Math.max(1, Math.min(frameBytes, bytes));
    }

    private Callback callback(int cost) {
        return Callback.from(() -> permits.release(cost), failure -> {
            permits.release(cost);
            onFailure.accept(failure);
        });
    }
}
