package io.theia.api.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The time buckets of {@link EventStore#countPerBucket}: {@code buckets} buckets of {@code width} from
 * {@code origin}, each including its start and excluding its end. Immutable; validated at creation.
 *
 * @param origin the start of the first bucket
 * @param widthNanos the length of a bucket in nanoseconds, positive
 * @param buckets how many buckets, at least 1
 */
public record BucketRange(Instant origin, long widthNanos, int buckets) {

    /** Validates the range. */
    public BucketRange {
        Objects.requireNonNull(origin, "origin is null");
        if (widthNanos <= 0) {
            throw new IllegalArgumentException("the bucket width must be positive, not " + widthNanos + " ns");
        }
        if (buckets < 1) {
            throw new IllegalArgumentException("there must be at least one bucket, not " + buckets);
        }
        if (widthNanos > Long.MAX_VALUE / buckets) {
            throw new IllegalArgumentException(buckets + " buckets of " + Duration.ofNanos(widthNanos)
                    + " span more than " + Duration.ofNanos(Long.MAX_VALUE));
        }
    }

    /**
     * A range from a width given as a {@link Duration}.
     *
     * @throws IllegalArgumentException when the width is not positive, there is no bucket, or the whole range is
     *     longer than a {@code long} holds in nanoseconds
     */
    public static BucketRange of(Instant origin, Duration width, int buckets) {
        Objects.requireNonNull(width, "width is null");
        if (width.isNegative() || width.isZero()) {
            throw new IllegalArgumentException("the bucket width must be positive, not " + width);
        }
        long nanos;
        try {
            nanos = width.toNanos();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("the bucket width " + width + " is too long", e);
        }
        return new BucketRange(origin, nanos, buckets);
    }

    /** The last instant inside the range (its end is exclusive). */
    public Instant lastInstant() {
        return origin.plusNanos(widthNanos * buckets - 1);
    }

    /**
     * The index of the bucket holding a timestamp.
     *
     * @throws IllegalArgumentException when the timestamp lies outside the range
     */
    public int bucketOf(Instant timestamp) {
        if (timestamp.isBefore(origin) || timestamp.isAfter(lastInstant())) {
            throw new IllegalArgumentException(timestamp + " lies outside " + origin + " .. " + lastInstant());
        }
        return (int) (Duration.between(origin, timestamp).toNanos() / widthNanos);
    }

    /**
     * The query narrowed to this range, ascending and without a limit (its cancellation signal kept); {@code null}
     * when the query's own time bounds leave nothing of the range.
     */
    public EventQuery restrict(EventQuery query) {
        Instant start = query.start().filter(value -> value.isAfter(origin)).orElse(origin);
        Instant last = lastInstant();
        Instant end = query.end().filter(value -> value.isBefore(last)).orElse(last);
        if (start.isAfter(end)) {
            return null;
        }
        return query.toBuilder().start(start).end(end).order(EventQuery.Order.ASC).limit(Long.MAX_VALUE).build();
    }
}
