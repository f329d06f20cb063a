package io.theia.store.naive;

import io.theia.api.codec.EventFormatException;
import io.theia.api.codec.EventHeader;
import io.theia.api.codec.EventReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Where a damaged record that starts at a known offset ends, as its own preamble declares it. Repair skips a
 * damaged record by its declared extent instead of looking inside it for the next record: a client's content may
 * hold serialized events, and a record found there would be a forgery with the id, time and tags that client
 * chose.
 *
 * <p>A preamble {@code event: <total> <header> <content>} whose sizes agree declares the extent even when the
 * header or content behind it is damaged. When the sizes disagree or the preamble does not parse, every reading
 * that changes one byte of it into a preamble with agreeing sizes is tried, and a reading counts only when the
 * record it declares then parses wholly (header, sizes and closing line break); of several, the longest extent is
 * taken. Stateless.
 */
final class DeclaredExtent {

    /** No preamble can be read at the offset: the bytes there declare nothing. */
    static final long NONE = -1;
    /** The declared record runs past the end of the region: a torn tail. */
    static final long PAST_END = -2;

    private static final byte[] PREFIX = "event: ".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_DIGITS = 10;
    private static final int MIN_PREAMBLE = PREFIX.length + 5 + 1;
    private static final int MAX_PREAMBLE = PREFIX.length + 3 * MAX_DIGITS + 2 + 1;
    private static final byte[] DIGIT_OR_SPACE = "0123456789 ".getBytes(StandardCharsets.US_ASCII);

    private DeclaredExtent() {
    }

    /** The end offset of the record whose preamble starts at {@code at}, {@link #NONE} or {@link #PAST_END}. */
    static long of(FileRegion region, long at) throws IOException {
        long length = region.length();
        int available = (int) Math.min(MAX_PREAMBLE, length - at);
        if (available <= 0) {
            return NONE;
        }
        byte[] head = new byte[available];
        region.read(at, head, available);
        int lineEnd = indexOf(head, (byte) '\n');
        if (lineEnd >= 0) {
            long[] sizes = sizes(head, lineEnd + 1, -1, (byte) 0);
            if (sizes != null) {
                long end = at + lineEnd + 1 + sizes[0] + 1;
                return end > length ? PAST_END : end;
            }
        }
        long best = NONE;
        for (int preamble = MIN_PREAMBLE; preamble <= available; preamble++) {
            boolean lineBreakIntact = head[preamble - 1] == '\n';
            for (int wrong = 0; wrong < preamble; wrong++) {
                if (!lineBreakIntact && wrong != preamble - 1) {
                    continue;
                }
                for (byte right : candidates(wrong, preamble)) {
                    if (right == head[wrong]) {
                        continue;
                    }
                    long[] sizes = sizes(head, preamble, wrong, right);
                    if (sizes != null) {
                        long end = at + preamble + sizes[0] + 1;
                        if (end > best && parsesWholly(region, at, head, preamble, wrong, right, end)) {
                            best = end;
                        }
                    }
                }
            }
        }
        return best;
    }

    /** The bytes a one-byte repair may put at {@code index} of a preamble of {@code preamble} bytes. */
    private static byte[] candidates(int index, int preamble) {
        if (index < PREFIX.length) {
            return new byte[] {PREFIX[index]};
        }
        if (index == preamble - 1) {
            return new byte[] {'\n'};
        }
        return DIGIT_OR_SPACE;
    }

    /**
     * The three sizes of {@code head[0, preamble)} read as a preamble (with {@code head[wrong]} replaced by
     * {@code right} when {@code wrong >= 0}), or null unless it is one with agreeing sizes within the maximum.
     */
    private static long[] sizes(byte[] head, int preamble, int wrong, byte right) {
        for (int i = 0; i < PREFIX.length; i++) {
            if (byteAt(head, i, wrong, right) != PREFIX[i]) {
                return null;
            }
        }
        if (byteAt(head, preamble - 1, wrong, right) != '\n') {
            return null;
        }
        long[] sizes = new long[3];
        int i = PREFIX.length;
        for (int n = 0; n < 3; n++) {
            if (n > 0) {
                if (i >= preamble - 1 || byteAt(head, i, wrong, right) != ' ') {
                    return null;
                }
                i++;
            }
            int digits = 0;
            long value = 0;
            for (byte b; i < preamble - 1 && (b = byteAt(head, i, wrong, right)) >= '0' && b <= '9'; i++) {
                if (++digits > MAX_DIGITS) {
                    return null;
                }
                value = value * 10 + b - '0';
            }
            if (digits == 0) {
                return null;
            }
            sizes[n] = value;
        }
        if (i != preamble - 1 || sizes[0] != sizes[1] + sizes[2] || sizes[0] > EventReader.DEFAULT_MAX_EVENT_BYTES) {
            return null;
        }
        return sizes;
    }

    /** Whether the record with the repaired preamble parses wholly and ends with its line break at {@code end}. */
    private static boolean parsesWholly(FileRegion region, long at, byte[] head, int preamble, int wrong, byte right,
            long end) throws IOException {
        if (end > region.length() || region.byteAt(end - 1) != '\n') {
            return false;
        }
        byte[] record = new byte[(int) (end - at)];
        region.read(at, record, record.length);
        record[wrong] = right;
        try {
            EventHeader header = EventReader.of(record, 0, record.length).readHeader();
            return header != null && header.recordBytes() == record.length;
        } catch (EventFormatException e) {
            return false;
        }
    }

    private static byte byteAt(byte[] head, int index, int wrong, byte right) {
        return index == wrong ? right : head[index];
    }

    private static int indexOf(byte[] bytes, byte wanted) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
