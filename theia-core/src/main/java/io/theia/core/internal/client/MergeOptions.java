package io.theia.core.internal.client;

import java.time.Duration;

/**
 * How a {@link CollectorGroup} queries its collectors.
 *
 * @param partial false: a collector that cannot be reached, refuses the query or breaks off fails the whole query
 *     ({@link CollectorFailedException}); true: the others' results are returned with a {@link MissingCollector}
 *     notice for it (the query still fails when none answers)
 * @param bufferEvents the most events of one collector's {@code /find} held at once, waiting for the merge (plus one
 *     frame of about 32 KiB and the events of one timestamp, see {@link MergedFind}); at least 1
 * @param closeTimeout a {@code /find} also ends, normally, once its collector sent nothing for this long (for the
 *     original Python collector, which never closes a {@code /find}); null waits for the close however long
 */
public record MergeOptions(boolean partial, int bufferEvents, Duration closeTimeout) {

    /** The default {@link #bufferEvents}: a few frames of small events. */
    public static final int DEFAULT_BUFFER_EVENTS = 4096;

    /** Checks the buffer size. */
    public MergeOptions {
        if (bufferEvents < 1) {
            throw new IllegalArgumentException("bufferEvents must be at least 1, not " + bufferEvents);
        }
    }

    /** Every collector must answer; default buffers; wait for each collector to close its {@code /find}. */
    public static MergeOptions strict() {
        return new MergeOptions(false, DEFAULT_BUFFER_EVENTS, null);
    }

    /** Partial results with notices; default buffers; wait for each collector to close its {@code /find}. */
    public static MergeOptions allowingPartial() {
        return new MergeOptions(true, DEFAULT_BUFFER_EVENTS, null);
    }

    /** These options with {@code bufferEvents}. */
    public MergeOptions withBufferEvents(int events) {
        return new MergeOptions(partial, events, closeTimeout);
    }

    /** These options with {@code timeout} as the close timeout. */
    public MergeOptions withCloseTimeout(Duration timeout) {
        return new MergeOptions(partial, bufferEvents, timeout);
    }
}
