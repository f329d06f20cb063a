package io.theia.store.naive;

import io.theia.api.codec.EventHeader;
import io.theia.api.codec.EventReader;
import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The matching events of one data file, in the query's timestamp order.
 *
 * <p>A file whose records are in timestamp order is streamed in one pass when the order is ascending. Otherwise a
 * file of at most 4 MiB is decoded in one pass and its matches sorted in memory; a larger one is read in two
 * passes: the first reads only headers (and, for a content pattern, the content of candidates) and keeps the
 * offset and timestamp of each match, 24 bytes per match; the second reads the matches in order. Content is
 * searched for the pattern's required literal with a byte search first; RE2/J runs only where it occurs. Not
 * thread-safe.
 */
final class FileCursor implements ReadAheadCursor.Source {

    private static final RecordScanner.DamageListener IGNORE_DAMAGE = (from, to, cause) -> { };
    /** Files up to this size that cannot be streamed are decoded whole and sorted in memory. */
    private static final long SMALL_FILE_BYTES = 4L * 1024 * 1024;

    private final Path path;
    private final FileRegion region;
    private final EventQuery query;
    private final byte[] literal;
    private final Instant min;
    private final Instant max;
    /** The query's end, after which a file streamed in timestamp order has nothing more to give. */
    private final Instant end;
    private byte[] scratch = new byte[8192];

    private RecordScanner stream;
    private boolean streaming;
    private LiteralScanner candidates;
    /** The matches of a file small enough to decode whole, in timestamp order; otherwise null. */
    private Event[] decoded;
    private long[] offsets;
    private int[] lengths;
    private int count;
    private int position;
    private int step;
    private Event head;

    private FileCursor(Path path, FileRegion region, EventQuery query, byte[] literal, DataFile.Snapshot snapshot) {
        this.path = path;
        this.region = region;
        this.query = query;
        this.literal = literal;
        this.min = snapshot.min();
        this.max = snapshot.max();
        this.end = query.end().orElse(null);
    }

    /** Opens a cursor on a region holding the file's records as of the search; positioned on the first match. */
    static FileCursor open(Path path, FileRegion region, boolean sorted, DataFile.Snapshot snapshot,
            EventQuery query, byte[] literal) throws IOException {
        FileCursor cursor = new FileCursor(path, region, query, literal, snapshot);
        try {
            if (sorted && query.order() == EventQuery.Order.ASC) {
                cursor.stream = cursor.startPass();
                cursor.streaming = true;
            } else if (region.length() <= SMALL_FILE_BYTES) {
                cursor.decodeWhole();
            } else {
                cursor.collect(sorted);
            }
            cursor.advance();
            return cursor;
        } catch (IOException | RuntimeException e) {
            region.close();
            throw e;
        }
    }

    @Override
    public Event head() {
        return head;
    }

    @Override
    public void advance() throws IOException {
        head = streaming ? nextStreamed() : nextCollected();
    }

    /**
     * Starts a pass over the file: through the literal scanner ({@link #candidates}) when the query has a content
     * pattern with a literal, and returns null; otherwise returns a scanner over every record.
     */
    private RecordScanner startPass() throws IOException {
        if (query.needsContent() && literal != null) {
            candidates = new LiteralScanner(region, literal, IGNORE_DAMAGE);
            return null;
        }
        return new RecordScanner(region, 0, IGNORE_DAMAGE);
    }

    /** The next record that may match: a candidate holding the literal, or simply the next record. */
    private EventHeader nextHeader(RecordScanner scanner) throws IOException {
        return candidates != null ? candidates.next() : scanner.next();
    }

    private Event nextStreamed() throws IOException {
        for (EventHeader header = nextHeader(stream); header != null; header = nextHeader(stream)) {
            if (end != null && header.timestamp().isAfter(end)) {
                return null;
            }
            if (!matchesHeader(header)) {
                continue;
            }
            String content = contentIfMatching(header, true);
            if (content != null) {
                return header.toEvent(content);
            }
        }
        return null;
    }

    private Event nextCollected() throws IOException {
        if (position == count) {
            return null;
        }
        int at = step > 0 ? position : count - 1 - position;
        position++;
        if (decoded != null) {
            Event event = decoded[at];
            decoded[at] = null;
            return event;
        }
        int length = lengths[at];
        if (scratch.length < length) {
            scratch = new byte[Math.max(length, scratch.length * 2)];
        }
        region.read(offsets[at], scratch, length);
        return EventReader.of(scratch, 0, length).read();
    }

    /** Decodes every match of a small file in one pass and sorts them by timestamp (stable: ties keep file order). */
    private void decodeWhole() throws IOException {
        RecordScanner scanner = startPass();
        List<Event> matches = new ArrayList<>();
        for (EventHeader header = nextHeader(scanner); header != null; header = nextHeader(scanner)) {
            String content = matchesHeader(header) ? contentIfMatching(header, true) : null;
            if (content != null) {
                matches.add(header.toEvent(content));
            }
        }
        matches.sort(Comparator.comparing(Event::timestamp));
        decoded = matches.toArray(new Event[0]);
        count = decoded.length;
        step = query.order() == EventQuery.Order.ASC ? 1 : -1;
    }

    private void collect(boolean sorted) throws IOException {
        offsets = new long[64];
        lengths = new int[64];
        long[] seconds = new long[64];
        int[] nanos = new int[64];
        boolean inOrder = true;
        RecordScanner scanner = startPass();
        for (EventHeader header = nextHeader(scanner); header != null; header = nextHeader(scanner)) {
            if (!matchesHeader(header) || contentIfMatching(header, false) == null) {
                continue;
            }
            if (count == offsets.length) {
                offsets = Arrays.copyOf(offsets, count * 2);
                lengths = Arrays.copyOf(lengths, count * 2);
                seconds = Arrays.copyOf(seconds, count * 2);
                nanos = Arrays.copyOf(nanos, count * 2);
            }
            offsets[count] = header.offset();
            lengths[count] = header.recordBytes();
            seconds[count] = header.timestamp().getEpochSecond();
            nanos[count] = header.timestamp().getNano();
            if (count > 0 && (seconds[count] < seconds[count - 1]
                    || seconds[count] == seconds[count - 1] && nanos[count] < nanos[count - 1])) {
                inOrder = false;
            }
            count++;
        }
        if (!sorted && !inOrder) {
            sortByTimestamp(seconds, nanos);
        }
        step = query.order() == EventQuery.Order.ASC ? 1 : -1;
    }

    private void sortByTimestamp(long[] seconds, int[] nanos) {
        Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.<Integer>comparingLong(i -> seconds[i]).thenComparingInt(i -> nanos[i]));
        long[] sortedOffsets = new long[count];
        int[] sortedLengths = new int[count];
        for (int i = 0; i < count; i++) {
            sortedOffsets[i] = offsets[order[i]];
            sortedLengths[i] = lengths[order[i]];
        }
        offsets = sortedOffsets;
        lengths = sortedLengths;
    }

    private boolean matchesHeader(EventHeader header) {
        Instant timestamp = header.timestamp();
        return !timestamp.isBefore(min) && !timestamp.isAfter(max) && query.matchesHeader(header);
    }

    /**
     * The record's content when it matches the content pattern, or null; the empty string instead of the content
     * when the query has no pattern and {@code decode} is false.
     */
    private String contentIfMatching(EventHeader header, boolean decode) throws IOException {
        if (!query.needsContent() && !decode) {
            return "";
        }
        long contentEnd = header.endOffset() - 1;
        long start = contentEnd - header.contentBytes();
        int length = header.contentBytes();
        if (scratch.length < length) {
            scratch = new byte[Math.max(length, scratch.length * 2)];
        }
        region.read(start, scratch, length);
        String content = new String(scratch, 0, length, StandardCharsets.UTF_8);
        return query.matchesContent(content) ? content : null;
    }

    @Override
    public String toString() {
        return path.toString();
    }

    @Override
    public void close() throws IOException {
        region.close();
    }
}
