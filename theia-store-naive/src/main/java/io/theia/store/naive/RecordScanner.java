package io.theia.store.naive;

import io.theia.api.codec.EventFormatException;
import io.theia.api.codec.EventHeader;
import io.theia.api.codec.EventReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads the record headers of a data file in file order, leaving content unread, and steps over damage.
 *
 * <p>A header is returned only when its whole record lies in the region (the content's closing line break
 * included). A record that does not parse is reported to the {@link DamageListener} with its offset and skipped
 * by the extent its preamble declares; where no extent can be read, the scan resumes at the next {@code event:}
 * whose whole record parses. Damage that reaches the end of the region is a torn tail: {@link #tornAt()} tells
 * where it starts. Not thread-safe.
 */
final class RecordScanner {

    /** Told about damaged byte ranges. */
    interface DamageListener {
        /** Bytes {@code [from, to)} hold no valid record; {@code cause} is the first problem found. */
        void corrupt(long from, long to, EventFormatException cause);
    }

    private static final byte[] PREFIX = "event:".getBytes(StandardCharsets.US_ASCII);

    private final FileRegion region;
    private final DamageListener listener;
    private EventReader reader;
    private long goodEnd;
    private long tornAt = -1;

    RecordScanner(FileRegion region, long from, DamageListener listener) {
        this.region = region;
        this.listener = listener;
        this.goodEnd = from;
        this.reader = readerAt(from);
    }

    /** The next complete record's header, or {@code null} at the end of the region (or of its valid part). */
    EventHeader next() throws IOException {
        while (reader != null) {
            EventHeader header;
            try {
                header = reader.readHeader();
                if (header != null) {
                    requireComplete(header);
                }
            } catch (EventFormatException e) {
                resync(e);
                continue;
            }
            if (header == null) {
                reader = null;
                return null;
            }
            goodEnd = header.endOffset();
            return header;
        }
        return null;
    }

    /** End of the last complete record returned (or the start offset when none was). */
    long goodEnd() {
        return goodEnd;
    }

    /** Where damage that runs to the end of the region starts, or -1 when the region ends cleanly. */
    long tornAt() {
        return tornAt;
    }

    private void requireComplete(EventHeader header) throws IOException {
        long end = header.endOffset();
        if (end > region.length()) {
            throw new EventFormatException("the region ends inside event '" + header.id() + "'", region.length());
        }
        if (region.byteAt(end - 1) != '\n') {
            throw new EventFormatException("the content of event '" + header.id()
                    + "' is not followed by a line break", end - 1);
        }
    }

    /**
     * Finds the next record that parses wholly after the damaged one, reporting the skipped bytes. A damaged
     * record whose preamble declares its extent ({@link DeclaredExtent}) is skipped whole: the search never starts
     * inside it, where a client's content could hold a serialized event. Bytes that declare nothing are searched
     * for the next {@code event:} whose record parses wholly (or declares an extent, which is skipped in turn).
     * Damage that runs to the end of the region, or a record declared to run past it, is a torn tail.
     */
    private void resync(EventFormatException cause) throws IOException {
        long length = region.length();
        long damaged = skipLineBreaks(goodEnd);
        long at = damaged;
        boolean first = true;
        while (at < length) {
            if (!first && parsesWholly(at)) {
                listener.corrupt(damaged, at, cause);
                goodEnd = at;
                reader = readerAt(at);
                return;
            }
            first = false;
            long end = DeclaredExtent.of(region, at);
            if (end == DeclaredExtent.PAST_END) {
                break;
            }
            if (end != DeclaredExtent.NONE) {
                at = skipLineBreaks(end);
                continue;
            }
            at = region.indexOf(PREFIX, at + 1, length);
            if (at < 0) {
                break;
            }
        }
        tornAt = damaged;
        reader = null;
        listener.corrupt(damaged, length, cause);
    }

    private long skipLineBreaks(long from) throws IOException {
        long at = from;
        while (at < region.length() && region.byteAt(at) == '\n') {
            at++;
        }
        return at;
    }

    private boolean parsesWholly(long start) throws IOException {
        EventReader probe = readerAt(start);
        try {
            EventHeader header = probe.readHeader();
            if (header == null) {
                return false;
            }
            requireComplete(header);
            return true;
        } catch (EventFormatException e) {
            return false;
        }
    }

    private EventReader readerAt(long offset) {
        return new EventReader(region.streamFrom(offset), EventReader.DEFAULT_MAX_EVENT_BYTES, offset);
    }
}
