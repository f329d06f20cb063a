package io.theia.core.internal.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The ingest rate limit per token name: events per second and bytes per second, each a {@link TokenBucket} shared
 * by every connection of that token. Anonymous pushers (an open collector) are not limited. Thread-safe.
 */
public final class IngestLimits {

    private final long eventsPerSecond;
    private final long bytesPerSecond;
    private final LongSupplier clock;
    private final Map<String, TokenBucket[]> buckets = new ConcurrentHashMap<>();

    /** Limits per token name, timed by {@code clock} (nanoseconds, as {@link System#nanoTime}). */
    public IngestLimits(long eventsPerSecond, long bytesPerSecond, LongSupplier clock) {
        this.eventsPerSecond = eventsPerSecond;
        this.bytesPerSecond = bytesPerSecond;
        this.clock = clock;
    }

    /** The limiter of one pusher: the token's name, or null for an anonymous one (never limited). */
    public Limiter forToken(String name) {
        if (name == null) {
            return Limiter.UNLIMITED;
        }
        return (events, bytes) -> {
            TokenBucket[] pair = buckets.computeIfAbsent(name, key -> new TokenBucket[] {
                new TokenBucket(eventsPerSecond, clock.getAsLong()), new TokenBucket(bytesPerSecond, clock.getAsLong())});
            long now = clock.getAsLong();
            if (!pair[0].tryTake(events, now)) {
                return false;
            }
            if (!pair[1].tryTake(bytes, now)) {
                pair[0].giveBack(events);
                return false;
            }
            return true;
        };
    }

    /** Admits messages of one pusher. */
    @FunctionalInterface
    public interface Limiter {

        /** Never refuses. */
        Limiter UNLIMITED = (events, bytes) -> true;

        /** Whether a message of {@code events} events and {@code bytes} bytes may be stored now; if so it counts. */
        boolean tryAcquire(int events, long bytes);
    }
}
