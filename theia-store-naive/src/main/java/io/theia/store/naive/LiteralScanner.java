package io.theia.store.naive;

import io.theia.api.codec.EventFormatException;
import io.theia.api.codec.EventHeader;
import io.theia.api.codec.EventReader;
import java.io.IOException;

/**
 * Reads the headers of only those records whose content contains a literal: it walks the records by their
 * preambles alone, looks for the literal in each content with a byte search, and parses the header of a
 * candidate only. Where a preamble or a candidate's header does not parse it lets a {@link RecordScanner} step
 * over the damage, so it returns the records a {@code RecordScanner} returns that contain the literal (both skip
 * a record with a sound preamble but a broken header whole). Not thread-safe.
 */
final class LiteralScanner {

    private static final byte[] PREFIX = {'e', 'v', 'e', 'n', 't', ':'};

    private final FileRegion region;
    private final byte[] literal;
    private final RecordScanner.DamageListener listener;
    private long position;
    /** Where the literal next occurs at or after {@link #position}, or -1 when it does not any more. */
    private long nextHit;
    private byte[] scratch = new byte[8192];
    /** The first bytes of a record: long enough for any preamble the reader accepts. */
    private final byte[] head = new byte[64];

    LiteralScanner(FileRegion region, byte[] literal, RecordScanner.DamageListener listener) throws IOException {
        this.region = region;
        this.literal = literal;
        this.listener = listener;
        this.nextHit = region.indexOf(literal, 0, region.length());
    }

    /** The next complete record whose content contains the literal, or {@code null} at the end. */
    EventHeader next() throws IOException {
        long length = region.length();
        while (nextHit >= 0) {
            while (position < length && region.byteAt(position) == '\n') {
                position++;
            }
            if (position >= length) {
                return null;
            }
            long start = position;
            long[] record = preamble(start);
            if (record != null) {
                position = record[0];
                long contentEnd = record[0] - 1;
                if (!contains(contentEnd - record[1], contentEnd)) {
                    continue;
                }
                EventHeader header = parse(start, (int) (record[0] - start));
                if (header != null) {
                    return header;
                }
                position = start;
            }
            EventHeader recovered = stepOverDamage();
            if (recovered == null) {
                return null;
            }
            position = recovered.endOffset();
            if (contains(recovered.endOffset() - 1 - recovered.contentBytes(), recovered.endOffset() - 1)) {
                return recovered;
            }
        }
        return null;
    }

    /** Whether the literal occurs in {@code [from, to)}; moves the next-occurrence mark forward as needed. */
    private boolean contains(long from, long to) throws IOException {
        if (nextHit >= 0 && nextHit < from) {
            nextHit = region.indexOf(literal, from, region.length());
        }
        return nextHit >= 0 && nextHit + literal.length <= to;
    }

    /** {end of record, content bytes} from a well-formed preamble at {@code at} whose record is whole, or null. */
    private long[] preamble(long at) throws IOException {
        long length = region.length();
        int available = (int) Math.min(head.length, length - at);
        region.read(at, head, available);
        for (int i = 0; i < PREFIX.length; i++) {
            if (i >= available || head[i] != PREFIX[i]) {
                return null;
            }
        }
        int i = PREFIX.length;
        long[] sizes = new long[3];
        for (int n = 0; n < 3; n++) {
            int spaces = 0;
            while (i < available && head[i] == ' ') {
                i++;
                spaces++;
            }
            int digits = 0;
            long value = 0;
            while (i < available && digits < 10 && head[i] >= '0' && head[i] <= '9') {
                value = value * 10 + head[i] - '0';
                i++;
                digits++;
            }
            if (spaces == 0 || digits == 0) {
                return null;
            }
            sizes[n] = value;
        }
        if (i >= available || head[i] != '\n' || sizes[0] != sizes[1] + sizes[2]
                || sizes[0] > EventReader.DEFAULT_MAX_EVENT_BYTES) {
            return null;
        }
        long end = at + i + 1 + sizes[0] + 1;
        if (end > length || region.byteAt(end - 1) != '\n') {
            return null;
        }
        return new long[] {end, sizes[2]};
    }

    /** The header of the record {@code [at, at + size)}, offsets counted in the file; null if it does not parse. */
    private EventHeader parse(long at, int size) throws IOException {
        if (scratch.length < size) {
            scratch = new byte[Math.max(size, scratch.length * 2)];
        }
        region.read(at, scratch, size);
        try {
            EventHeader header = EventReader.of(scratch, 0, size).readHeader();
            if (header == null || header.recordBytes() != size) {
                return null;
            }
            return new EventHeader(header.id(), header.timestamp(), header.source(), header.tags(), header.headers(),
                    at, header.recordBytes(), header.contentBytes());
        } catch (EventFormatException e) {
            return null;
        }
    }

    /** Lets a record scanner find the next whole record from {@link #position}, reporting what it skips. */
    private EventHeader stepOverDamage() throws IOException {
        return new RecordScanner(region, position, listener).next();
    }
}
