package io.theia.core.internal.security;

/**
 * A token bucket: holds up to one second's worth of {@code perSecond}, refilled continuously. A request for more
 * than the bucket can hold passes when the bucket is full and leaves it in debt, so the long-run rate still holds
 * and one large message is not refused for ever. Thread-safe.
 */
final class TokenBucket {

    private final double perSecond;
    private final double capacity;
    private double available;
    private long lastNanos;

    TokenBucket(long perSecond, long nowNanos) {
        this.perSecond = perSecond;
        this.capacity = perSecond;
        this.available = perSecond;
        this.lastNanos = nowNanos;
    }

    /** Whether {@code amount} is available now; if so it is taken. */
    synchronized boolean tryTake(long amount, long nowNanos) {
        refill(nowNanos);
        if (available < Math.min(amount, capacity)) {
            return false;
        }
        available -= amount;
        return true;
    }

    /** Gives back {@code amount} taken by {@link #tryTake} (when another bucket refused the same request). */
    synchronized void giveBack(long amount) {
        available = Math.min(capacity, available + amount);
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - lastNanos;
        if (elapsed > 0) {
            available = Math.min(capacity, available + elapsed * perSecond / 1e9);
            lastNanos = nowNanos;
        }
    }
}
