package io.theia.store.naive;

import io.theia.api.codec.EventWriter;
import io.theia.api.event.Event;
import io.theia.api.store.EventWriteException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The events of one {@code saveAll}, prepared outside the store's lock: their records encoded back to back in
 * one array, each followed by its separating line break (so that consecutive records going to one file are one
 * contiguous run of bytes), and the {@link IdIndex#hash id hash} of each. Each saving thread reuses one batch;
 * arrays that grew past {@value #MAX_RETAINED_BYTES} bytes are dropped after use. Not thread-safe.
 */
final class EncodedBatch {

    /** Record bytes a batch keeps between saves; a larger batch's array is dropped after use. */
    static final int MAX_RETAINED_BYTES = 1 << 20;

    private final EventWriter writer = new EventWriter();
    private final Records records = new Records();
    private int size;
    /** Offset of each record in {@link #bytes()}; entry {@code size} is the end of the last one. */
    private int[] starts = new int[1];
    private long[] hashes = new long[0];
    /** Scratch for the caller: where each record went. */
    private long[] locations = new long[0];
    private int firstTooLarge;
    private int firstDuplicate;

    /**
     * Encodes the events, replacing what the batch held, and finds the first of them that cannot be saved
     * ({@link #firstTooLarge()}, {@link #firstDuplicate()}).
     *
     * @param maxEventBytes the largest serialized event accepted
     * @throws EventWriteException when the records together would exceed 2 GiB
     */
    void encode(List<Event> events, int maxEventBytes) {
        size = events.size();
        if (hashes.length < size) {
            starts = new int[size + 1];
            hashes = new long[size];
            locations = new long[size];
        }
        records.length = 0;
        firstTooLarge = -1;
        for (int i = 0; i < size; i++) {
            Event event = events.get(i);
            starts[i] = records.length;
            hashes[i] = IdIndex.hash(event.id());
            try {
                writer.write(event, records);
            } catch (IOException e) {
                throw new UncheckedIOException("an in-memory stream failed", e);
            }
            if (firstTooLarge < 0 && records.length - starts[i] > maxEventBytes) {
                firstTooLarge = i;
            }
            records.write('\n');
        }
        starts[size] = records.length;
        firstDuplicate = firstDuplicate(events, hashes);
    }

    /** The index of the first event serialized larger than the limit given to {@link #encode}, or -1. */
    int firstTooLarge() {
        return firstTooLarge;
    }

    /** The index of the first event whose id appeared earlier in the batch, or -1. */
    int firstDuplicate() {
        return firstDuplicate;
    }

    /**
     * The index of the first event whose id appeared earlier in the list, or -1. Ids are compared only when two
     * of their hashes are equal. An open-addressing table, at most half full, holds the number (from 1) of each
     * event seen so far by its hash.
     *
     * @param hashes the hash of each event's id
     */
    static int firstDuplicate(List<Event> events, long[] hashes) {
        int count = events.size();
        int[] table = new int[Integer.highestOneBit(count) * 4];
        int mask = table.length - 1;
        for (int i = 0; i < count; i++) {
            long hash = hashes[i];
            int slot = (int) hash & mask;
            for (int taken = table[slot]; taken != 0; taken = table[slot]) {
                if (hashes[taken - 1] == hash) {
                    return firstRepeatedId(events);
                }
                slot = (slot + 1) & mask;
            }
            table[slot] = i + 1;
        }
        return -1;
    }

    private static int firstRepeatedId(List<Event> events) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < events.size(); i++) {
            if (!seen.add(events.get(i).id())) {
                return i;
            }
        }
        return -1;
    }

    /** Forgets the batch if its records took more than {@value #MAX_RETAINED_BYTES} bytes. */
    void trim() {
        if (records.bytes.length > MAX_RETAINED_BYTES) {
            records.bytes = new byte[0];
            starts = new int[1];
            hashes = new long[0];
            locations = new long[0];
        }
    }

    /** The number of events. */
    int size() {
        return size;
    }

    /** The records, back to back, each with its separator. */
    byte[] bytes() {
        return records.bytes;
    }

    /** Where record {@code i} (with its separator) starts in {@link #bytes()}; {@code i == size()} is the end. */
    int start(int i) {
        return starts[i];
    }

    /** Bytes of record {@code i}, its separator included. */
    int recordLength(int i) {
        return starts[i + 1] - starts[i];
    }

    /** The id hashes, one per event (the array may be longer). */
    long[] hashes() {
        return hashes;
    }

    /** An array of at least {@link #size()} longs the caller may use for the records' locations. */
    long[] locations() {
        return locations;
    }

    /** A growable array the event writer encodes into. */
    private static final class Records extends OutputStream {
        private byte[] bytes = new byte[0];
        private int length;

        @Override
        public void write(int b) {
            ensure(1);
            bytes[length++] = (byte) b;
        }

        @Override
        public void write(byte[] source, int offset, int count) {
            ensure(count);
            System.arraycopy(source, offset, bytes, length, count);
            length += count;
        }

        private void ensure(int more) {
            if (length + more < 0) {
                throw new EventWriteException("the batch is more than 2 GiB serialized; save it in smaller batches; "
                        + "nothing of the batch was saved");
            }
            if (length + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(Math.max(bytes.length * 2, length + more), 64 * 1024));
            }
        }
    }
}
