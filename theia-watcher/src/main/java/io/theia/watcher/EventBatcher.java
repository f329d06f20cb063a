package io.theia.watcher;

import io.theia.api.event.Event;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Turns the records read from files into events and collects them, with their checkpoint changes, into batches
 * that go to the {@link DeliveryWindow} when full or after the batch delay. Blocks the reading thread while the
 * window is full. Not thread-safe: used by the reading thread only.
 */
final class EventBatcher {

    /**
     * How much later than the last one an event read at the same instant is stamped: the smallest step the data files
     * keep (seven fraction digits, docs/formats.md).
     */
    static final long STAMP_STEP_NANOS = 100;

    private final Clock clock;
    private final List<String> tags;
    private final List<String> splitTags;
    private final int batchSize;
    private final long batchDelayNanos;
    private final DeliveryWindow window;
    private final SplittableRandom random = new SplittableRandom(new SecureRandom().nextLong());
    private Batch batch;
    private Instant readTime;
    /** The last timestamp given: each event gets a later one, so a file's lines keep their order in any merge by time. */
    private Instant lastStamp = Instant.EPOCH;

    /**
     * A batcher.
     *
     * @param tags the tags of every event: the configured ones and the host name
     */
    EventBatcher(Clock clock, List<String> tags, int batchSize, Duration batchDelay, DeliveryWindow window) {
        this.clock = clock;
        this.tags = List.copyOf(tags);
        List<String> withSplit = new ArrayList<>(tags);
        withSplit.add(FileSourceConfig.SPLIT_TAG);
        this.splitTags = List.copyOf(withSplit);
        this.batchSize = batchSize;
        this.batchDelayNanos = batchDelay.toNanos();
        this.window = window;
    }

    /**
     * Takes the time at which the following records are read, their events' timestamp; records read at one instant
     * get it 100 ns apart, in the order they were read, so that no two events of this batcher share a timestamp.
     */
    void markReadTime() {
        readTime = Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
    }

    /** Adds an event for a record of a file that ends at {@code endOffset}. */
    void emit(TrackedFile file, String content, long endOffset, boolean split) {
        if (readTime == null) {
            markReadTime();
        }
        Instant stamp = readTime.isAfter(lastStamp) ? readTime : lastStamp.plusNanos(STAMP_STEP_NANOS);
        lastStamp = stamp;
        Event event = new Event(randomId(), stamp, file.source(), split ? splitTags : tags, content);
        current().add(event, new Checkpoint(file.key(), file.path(), endOffset));
        if (batch.size() >= batchSize) {
            flush();
        }
    }

    /** Records that reading of a file goes on at {@code offset}, without an event (a start or a truncation). */
    void position(TrackedFile file, long offset) {
        current().advance(new Checkpoint(file.key(), file.path(), offset));
    }

    /** Records that a file is done with and its checkpoint can go. */
    void forget(String fileKey) {
        current().forget(fileKey);
    }

    /** Hands the open batch to the window if it has waited for the batch delay. */
    void flushIfDue(long nowNanos) {
        if (batch != null && nowNanos - batch.createdNanos() >= batchDelayNanos) {
            flush();
        }
    }

    /** Nanoseconds until the open batch is due, or {@link Long#MAX_VALUE} when there is none. */
    long nanosUntilDue(long nowNanos) {
        return batch == null ? Long.MAX_VALUE : Math.max(0, batch.createdNanos() + batchDelayNanos - nowNanos);
    }

    /** Hands the open batch to the window now, waiting for room. */
    void flush() {
        Batch full = batch;
        batch = null;
        if (full != null && !full.isEmpty()) {
            window.submit(full);
        }
    }

    private Batch current() {
        if (batch == null) {
            batch = new Batch(System.nanoTime());
        }
        return batch;
    }

    /** A random (version 4) UUID; cheaper than {@link UUID#randomUUID()}, from a securely seeded generator. */
    private String randomId() {
        long most = (random.nextLong() & ~0xF000L) | 0x4000L;
        long least = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(most, least).toString();
    }
}
