package io.theia.api.codec;

import io.theia.api.event.Event;
import io.theia.api.event.Timestamps;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads serialized events (docs/formats.md section 2) one after another from a stream.
 *
 * <p>Line breaks between two records are skipped, so the same reader reads a WebSocket message of events
 * back to back and a data file, where every record is followed by one more {@code \n}. The end of the stream
 * between two records is a clean end: {@link #read()} and {@link #readHeader()} return {@code null}. Anything
 * else that is not a well-formed event, including a stream that ends inside a record, is an
 * {@link EventFormatException} naming the byte offset and the reason; the reader never allocates more than the
 * configured maximum event size, whatever a preamble claims.
 *
 * <p>{@link #readHeader()} reads only the header and leaves the content unread: {@link #readContent()} decodes
 * it, or the next call skips it without decoding. Not thread-safe; one reader per stream. Closing the reader
 * closes the stream.
 */
public final class EventReader implements Closeable {

    /** The default maximum size of one event (header plus content): 16 MiB. */
    public static final int DEFAULT_MAX_EVENT_BYTES = 16 * 1024 * 1024;
    /** The largest maximum event size a reader applies (larger ones count as this): a record fits one array. */
    public static final int MAX_EVENT_BYTES_LIMIT = Integer.MAX_VALUE - 1024;

    private static final int MAX_PREAMBLE_BYTES = 64;
    private static final int INITIAL_BUFFER_BYTES = 64 * 1024;
    private static final byte[] PREAMBLE_PREFIX = "event:".getBytes(StandardCharsets.US_ASCII);

    private final InputStream in;
    private final int maxEventBytes;
    private byte[] buffer;
    private int position;
    private int limit;
    /** Stream offset of {@code buffer[0]}. */
    private long bufferOffset;
    private boolean endOfStream;

    /** Header of the record whose content has not been consumed yet, or null. */
    private EventHeader pending;
    /** Sources and tags decoded lately: consecutive events mostly repeat them. */
    private final RepeatedText repeated = new RepeatedText();

    /** A reader with the default maximum event size. */
    public EventReader(InputStream in) {
        this(in, DEFAULT_MAX_EVENT_BYTES, 0);
    }

    /**
     * A reader.
     *
     * @param in the stream to read
     * @param maxEventBytes the largest event (header plus content bytes) accepted; positive, and values above
     *     {@link #MAX_EVENT_BYTES_LIMIT} count as that
     * @param startOffset the stream offset of the stream's first byte, so that errors and
     *     {@link EventHeader#offset()} name offsets in the underlying file when reading from the middle of it
     */
    public EventReader(InputStream in, int maxEventBytes, long startOffset) {
        this(in, new byte[INITIAL_BUFFER_BYTES], 0, 0, maxEventBytes, startOffset);
    }

    private EventReader(InputStream in, byte[] buffer, int position, int limit, int maxEventBytes, long offset) {
        if (maxEventBytes <= 0) {
            throw new IllegalArgumentException("maxEventBytes must be positive, not " + maxEventBytes);
        }
        this.in = in;
        this.buffer = buffer;
        this.position = position;
        this.limit = limit;
        this.maxEventBytes = Math.min(maxEventBytes, MAX_EVENT_BYTES_LIMIT);
        this.bufferOffset = offset - position;
        this.endOfStream = in == null;
    }

    /** A reader over a channel, with the default maximum event size. */
    public static EventReader of(ReadableByteChannel channel) {
        return new EventReader(Channels.newInputStream(channel));
    }

    /** A reader over the remaining bytes of a buffer, with the default maximum event size; offsets count from 0. */
    public static EventReader of(ByteBuffer bytes) {
        return of(bytes, DEFAULT_MAX_EVENT_BYTES);
    }

    /** A reader over the remaining bytes of a buffer; offsets count from 0. The buffer's position is not moved. */
    public static EventReader of(ByteBuffer bytes, int maxEventBytes) {
        if (bytes.hasArray()) {
            int start = bytes.arrayOffset() + bytes.position();
            return new EventReader(null, bytes.array(), start, start + bytes.remaining(), maxEventBytes, 0);
        }
        byte[] copy = new byte[bytes.remaining()];
        bytes.duplicate().get(copy);
        return of(copy, 0, copy.length);
    }

    /** A reader over {@code length} bytes of an array from {@code start}; offsets count from 0. */
    public static EventReader of(byte[] bytes, int start, int length) {
        return new EventReader(null, bytes, start, start + length, DEFAULT_MAX_EVENT_BYTES, 0);
    }

    /**
     * Reads the next whole event.
     *
     * @return the event, or {@code null} at a clean end of the stream
     * @throws EventFormatException when the input is not a well-formed event
     * @throws IOException when the stream fails
     */
    public Event read() throws IOException {
        EventHeader header = readHeader();
        return header == null ? null : header.toEvent(readContent());
    }

    /**
     * Reads the header of the next event and leaves its content unread; the content of the previous record, if
     * it was not read, is skipped without decoding.
     *
     * @return the header, or {@code null} at a clean end of the stream
     * @throws EventFormatException when the input is not a well-formed event
     * @throws IOException when the stream fails
     */
    public EventHeader readHeader() throws IOException {
        if (pending != null) {
            skipContent();
        }
        if (!skipSeparators()) {
            return null;
        }
        long recordOffset = offset();
        int preambleLength = findPreambleEnd(recordOffset);
        Sizes sizes = parsePreamble(preambleLength, recordOffset);
        position += preambleLength + 1;
        long headerOffset = offset();
        require(sizes.header, headerOffset);
        EventHeader header = new HeaderParser(buffer, position, sizes.header, headerOffset, repeated)
                .parse(recordOffset, preambleLength + 1 + sizes.total + 1, sizes.content);
        position += sizes.header;
        pending = header;
        return header;
    }

    /**
     * Decodes the content of the record whose header {@link #readHeader()} just returned.
     *
     * @throws IllegalStateException when no header was read or its content was already consumed
     * @throws EventFormatException when the stream ends inside the content or no line break follows it
     */
    public String readContent() throws IOException {
        EventHeader header = requirePending();
        int length = header.contentBytes();
        require(length + 1, offset());
        String content = Utf8.checked(new String(buffer, position, length, StandardCharsets.UTF_8), buffer, position,
                position + length, "the content of event '" + header.id() + "'", offset());
        position += length;
        consumeRecordEnd(header);
        return content;
    }

    /** The stream offset of the next unread byte. */
    public long offset() {
        return bufferOffset + position;
    }

    @Override
    public void close() throws IOException {
        if (in != null) {
            in.close();
        }
    }

    private EventHeader requirePending() {
        if (pending == null) {
            throw new IllegalStateException("no event header has been read whose content is unread");
        }
        return pending;
    }

    private void skipContent() throws IOException {
        EventHeader header = requirePending();
        long remaining = header.contentBytes();
        while (remaining > 0) {
            if (position == limit && !fill()) {
                throw truncated(header);
            }
            int step = (int) Math.min(remaining, limit - position);
            position += step;
            remaining -= step;
        }
        consumeRecordEnd(header);
    }

    private void consumeRecordEnd(EventHeader header) throws IOException {
        if (position == limit && !fill()) {
            throw truncated(header);
        }
        if (buffer[position] != '\n') {
            throw new EventFormatException("the content of event '" + header.id() + "' (" + header.contentBytes()
                    + " bytes, per its preamble) is not followed by a line break", offset());
        }
        position++;
        pending = null;
    }

    private EventFormatException truncated(EventHeader header) {
        return new EventFormatException("the stream ends inside event '" + header.id() + "' that starts at byte "
                + header.offset(), offset());
    }

    /** Skips line breaks before a record; false at the end of the stream. */
    private boolean skipSeparators() throws IOException {
        while (true) {
            while (position < limit) {
                if (buffer[position] != '\n') {
                    return true;
                }
                position++;
            }
            if (!fill()) {
                return false;
            }
        }
    }

    /** Index (relative to position) of the line break that ends the preamble. */
    private int findPreambleEnd(long recordOffset) throws IOException {
        int searched = 0;
        while (true) {
            int end = Math.min(limit, position + MAX_PREAMBLE_BYTES + 1);
            for (int i = position + searched; i < end; i++) {
                if (buffer[i] == '\n') {
                    return i - position;
                }
            }
            searched = end - position;
            if (searched > MAX_PREAMBLE_BYTES) {
                throw badPreamble(recordOffset, "no line break within " + MAX_PREAMBLE_BYTES + " bytes");
            }
            if (!fill()) {
                checkPreamblePrefix(searched, recordOffset);
                throw new EventFormatException("the stream ends inside an event preamble", offset() + searched);
            }
        }
    }

    private void checkPreamblePrefix(int available, long recordOffset) {
        for (int i = 0; i < Math.min(available, PREAMBLE_PREFIX.length); i++) {
            if (buffer[position + i] != PREAMBLE_PREFIX[i]) {
                throw badPreamble(recordOffset, "it does not start with 'event:'");
            }
        }
    }

    private Sizes parsePreamble(int length, long recordOffset) {
        checkPreamblePrefix(length, recordOffset);
        if (length < PREAMBLE_PREFIX.length) {
            throw badPreamble(recordOffset, "it is too short");
        }
        int[] numbers = new int[3];
        int i = position + PREAMBLE_PREFIX.length;
        int end = position + length;
        for (int n = 0; n < 3; n++) {
            int spaces = 0;
            while (i < end && buffer[i] == ' ') {
                i++;
                spaces++;
            }
            int digits = 0;
            long value = 0;
            while (i < end && buffer[i] >= '0' && buffer[i] <= '9') {
                value = value * 10 + (buffer[i] - '0');
                if (value > Integer.MAX_VALUE) {
                    throw badPreamble(recordOffset, "a size is larger than " + Integer.MAX_VALUE);
                }
                i++;
                digits++;
            }
            if (spaces == 0 || digits == 0) {
                throw badPreamble(recordOffset, "expected three sizes separated by spaces");
            }
            numbers[n] = (int) value;
        }
        if (i != end) {
            throw badPreamble(recordOffset, "unexpected text after the three sizes");
        }
        Sizes sizes = new Sizes(numbers[0], numbers[1], numbers[2]);
        if ((long) sizes.header + sizes.content != sizes.total) {
            throw new EventFormatException("sizes disagree: total " + sizes.total + " is not header " + sizes.header
                    + " + content " + sizes.content, recordOffset);
        }
        if (sizes.total > maxEventBytes) {
            throw new EventFormatException("event of " + sizes.total + " bytes exceeds the maximum event size of "
                    + maxEventBytes + " bytes", recordOffset);
        }
        return sizes;
    }

    private EventFormatException badPreamble(long recordOffset, String why) {
        int shown = Math.min(MAX_PREAMBLE_BYTES, limit - position);
        String text = new String(buffer, position, shown, StandardCharsets.UTF_8);
        int lineEnd = text.indexOf('\n');
        if (lineEnd >= 0) {
            text = text.substring(0, lineEnd);
        }
        return new EventFormatException("preamble '" + text + "' is not 'event: <total> <header> <content>': "
                + why, recordOffset);
    }

    /** Makes {@code count} bytes from position available in the buffer, or fails as a truncated record. */
    private void require(int count, long at) throws IOException {
        while (limit - position < count) {
            if (!fill()) {
                String what = pending == null ? "the stream ends inside an event header"
                        : "the stream ends inside the content of event '" + pending.id() + "' that starts at byte "
                                + pending.offset();
                throw new EventFormatException(what, at + (limit - position));
            }
        }
    }

    /** Reads more bytes into the buffer, compacting or growing it; false at the end of the stream. */
    private boolean fill() throws IOException {
        if (endOfStream) {
            return false;
        }
        if (position > 0 && (limit == buffer.length || position >= buffer.length / 2)) {
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            limit -= position;
            bufferOffset += position;
            position = 0;
        }
        if (limit == buffer.length) {
            long grown = Math.min((long) buffer.length * 2, (long) maxEventBytes + MAX_PREAMBLE_BYTES + 2);
            if (grown <= buffer.length) {
                grown = buffer.length + INITIAL_BUFFER_BYTES;
            }
            byte[] larger = new byte[(int) grown];
            System.arraycopy(buffer, 0, larger, 0, limit);
            buffer = larger;
        }
        int read = in.read(buffer, limit, buffer.length - limit);
        if (read < 0) {
            endOfStream = true;
            return false;
        }
        limit += read;
        return true;
    }

    private record Sizes(int total, int header, int content) {
    }

    /** Parses one header block that is wholly in the buffer. */
    private static final class HeaderParser {
        private static final int QUOTED_BYTES = 40;
        private final byte[] bytes;
        private final int start;
        private final int end;
        private final long streamOffset;
        private final RepeatedText repeated;

        HeaderParser(byte[] bytes, int start, int length, long streamOffset, RepeatedText repeated) {
            this.bytes = bytes;
            this.start = start;
            this.end = start + length;
            this.streamOffset = streamOffset;
            this.repeated = repeated;
        }

        EventHeader parse(long recordOffset, int recordBytes, int contentBytes) {
            if (end == start) {
                throw new EventFormatException("the event has an empty header: its id is missing", streamOffset);
            }
            if (bytes[end - 1] != '\n') {
                throw new EventFormatException("the header block does not end on a line boundary",
                        offsetOf(end - 1));
            }
            String id = null;
            Instant timestamp = null;
            String source = null;
            List<String> tags = null;
            Map<String, String> extra = null;
            boolean carriageReturns = indexOf((byte) '\r', start, end) != end;
            int line = start;
            while (line < end) {
                int lineEnd = indexOf((byte) '\n', line, end);
                int colon = indexOf((byte) ':', line, lineEnd);
                if (colon == lineEnd) {
                    throw new EventFormatException("header line '" + quoted(line, lineEnd) + "' has no ':'",
                            offsetOf(line));
                }
                if (carriageReturns && indexOf((byte) '\r', line, lineEnd) != lineEnd) {
                    throw new EventFormatException("header line '" + quoted(line, colon)
                            + ":...' contains a carriage return", offsetOf(line));
                }
                int value = colon + 1;
                if (is("id", line, colon)) {
                    id = once(id, "id", line, text(value, lineEnd));
                } else if (is("timestamp", line, colon)) {
                    timestamp = once(timestamp, "timestamp", line, parseTimestamp(value, lineEnd));
                } else if (is("source", line, colon)) {
                    source = once(source, "source", line, checked(repeated.text(bytes, value, lineEnd), value,
                            lineEnd));
                } else if (is("tags", line, colon)) {
                    tags = once(tags, "tags", line, parseTags(value, lineEnd));
                } else {
                    if (colon == line) {
                        throw new EventFormatException("header line has an empty name", offsetOf(line));
                    }
                    if (extra == null) {
                        extra = new LinkedHashMap<>();
                    }
                    String name = text(line, colon);
                    if (extra.put(name, text(value, lineEnd)) != null) {
                        throw duplicate(name, line);
                    }
                }
                line = lineEnd + 1;
            }
            if (id == null || id.isBlank()) {
                throw new EventFormatException(id == null || id.isEmpty() ? "the event has no id"
                        : "the event's id is only spaces", streamOffset);
            }
            if (timestamp == null) {
                throw new EventFormatException("event '" + id + "' has no timestamp", streamOffset);
            }
            return new EventHeader(id, timestamp, source == null ? "" : source, tags == null ? List.of() : tags,
                    extra == null ? Map.of() : Collections.unmodifiableMap(extra), recordOffset, recordBytes,
                    contentBytes);
        }

        private <T> T once(T previous, String name, int line, T value) {
            if (previous != null) {
                throw duplicate(name, line);
            }
            return value;
        }

        private EventFormatException duplicate(String name, int line) {
            return new EventFormatException("header '" + name + "' appears twice", offsetOf(line));
        }

        private Instant parseTimestamp(int from, int to) {
            int first = from;
            int last = to;
            while (first < last && bytes[first] == ' ') {
                first++;
            }
            while (last > first && bytes[last - 1] == ' ') {
                last--;
            }
            long seconds = 0;
            int i = first;
            while (i < last && bytes[i] >= '0' && bytes[i] <= '9' && i - first < 18) {
                seconds = seconds * 10 + (bytes[i] - '0');
                i++;
            }
            boolean valid = i > first;
            int nanos = 0;
            if (valid && i < last) {
                valid = bytes[i] == '.';
                int scale = 1_000_000_000;
                for (i++; valid && i < last; i++) {
                    scale /= 10;
                    valid = scale > 0 && bytes[i] >= '0' && bytes[i] <= '9';
                    nanos += valid ? (bytes[i] - '0') * scale : 0;
                }
            }
            if (!valid) {
                throw new EventFormatException("timestamp '" + quoted(from, to)
                        + "' is not a number of seconds (digits, optionally '.' and up to 9 fraction digits)",
                        offsetOf(from));
            }
            if (seconds > Timestamps.LATEST.getEpochSecond()) {
                throw new EventFormatException("timestamp '" + quoted(from, to) + "' is after the year 9999",
                        offsetOf(from));
            }
            return Instant.ofEpochSecond(seconds, nanos);
        }

        private List<String> parseTags(int from, int to) {
            if (from == to) {
                return List.of();
            }
            String[] tags = new String[4];
            int count = 0;
            int tag = from;
            while (tag <= to) {
                int tagEnd = indexOf((byte) ',', tag, to);
                if (tagEnd > tag) {
                    if (count == tags.length) {
                        tags = Arrays.copyOf(tags, count * 2);
                    }
                    tags[count++] = checked(repeated.text(bytes, tag, tagEnd), tag, tagEnd);
                }
                tag = tagEnd + 1;
            }
            return switch (count) {
                case 0 -> List.of();
                case 1 -> List.of(tags[0]);
                case 2 -> List.of(tags[0], tags[1]);
                default -> List.of(Arrays.copyOf(tags, count));
            };
        }

        private boolean is(String name, int from, int to) {
            if (to - from != name.length()) {
                return false;
            }
            for (int i = 0; i < name.length(); i++) {
                if (bytes[from + i] != name.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        private int indexOf(byte wanted, int from, int to) {
            return ByteWords.indexOf(bytes, wanted, from, to);
        }

        private String text(int from, int to) {
            return checked(new String(bytes, from, to - from, StandardCharsets.UTF_8), from, to);
        }

        private String checked(String text, int from, int to) {
            return Utf8.checked(text, bytes, from, to, "header value", offsetOf(from));
        }

        /** At most a few dozen characters of a header line, for messages: a client may send megabytes of one. */
        private String quoted(int from, int to) {
            int shown = Math.min(to - from, QUOTED_BYTES);
            String text = new String(bytes, from, shown, StandardCharsets.UTF_8);
            return shown < to - from ? text + "…" : text;
        }

        private long offsetOf(int index) {
            return streamOffset + (index - start);
        }
    }
}
