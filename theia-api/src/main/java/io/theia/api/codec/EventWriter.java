package io.theia.api.codec;

import io.theia.api.event.Event;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes events in the theia serialized form (docs/formats.md section 2), byte for byte as the original did:
 *
 * <pre>
 * event: &lt;total&gt; &lt;header&gt; &lt;content&gt;\n
 * id:&lt;id&gt;\n
 * timestamp: &lt;seconds&gt;.&lt;7 digits&gt;\n
 * source:&lt;source&gt;\n
 * tags:&lt;tag1&gt;,&lt;tag2&gt;\n
 * [&lt;name&gt;:&lt;value&gt;\n ...]
 * &lt;content&gt;\n
 * </pre>
 *
 * <p>A writer reuses one internal buffer, so each event costs one pass over its text and one
 * {@code write} call on the stream. Not thread-safe: use one writer per thread. Every {@link Event} can be
 * written; the writer adds no validation of its own.
 */
public final class EventWriter {

    /** Room kept in front of the header for the preamble, which is written last. */
    private static final int PREAMBLE_ROOM = 48;
    /** Text up to this many chars is encoded in place; longer text through {@link String#getBytes}. */
    private static final int SHORT_TEXT = 16;
    private static final byte[] EVENT = "event: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ID = "id:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TIMESTAMP = "timestamp: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SOURCE = "source:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TAGS = "tags:".getBytes(StandardCharsets.US_ASCII);

    private byte[] buffer = new byte[1024];
    private int length;
    private int recordStart;

    /** A writer with an empty buffer, which grows to the largest event written. */
    public EventWriter() {
        // the buffer is allocated with the field
    }

    /** Encodes one event into a new array: its serialized form, ending with the line break after the content. */
    public static byte[] toBytes(Event event) {
        EventWriter writer = new EventWriter();
        writer.encode(event);
        return writer.copyOfRecord();
    }

    /**
     * Writes one event to the stream.
     *
     * @return the number of bytes written
     * @throws IOException when the stream fails
     */
    public int write(Event event, OutputStream out) throws IOException {
        encode(event);
        int recordLength = length - recordStart;
        out.write(buffer, recordStart, recordLength);
        return recordLength;
    }

    /** Encodes one event and returns its serialized form in a new array. */
    public byte[] encodeToArray(Event event) {
        encode(event);
        return copyOfRecord();
    }

    private byte[] copyOfRecord() {
        return Arrays.copyOfRange(buffer, recordStart, length);
    }

    private void encode(Event event) {
        length = PREAMBLE_ROOM;
        put(ID);
        putUtf8(event.id());
        putByte('\n');
        put(TIMESTAMP);
        putTimestamp(event.timestamp());
        putByte('\n');
        put(SOURCE);
        putUtf8(event.source());
        putByte('\n');
        put(TAGS);
        List<String> tags = event.tags();
        for (int i = 0; i < tags.size(); i++) {
            if (i > 0) {
                putByte(',');
            }
            putUtf8(tags.get(i));
        }
        putByte('\n');
        for (Map.Entry<String, String> header : event.headers().entrySet()) {
            putUtf8(header.getKey());
            putByte(':');
            putUtf8(header.getValue());
            putByte('\n');
        }
        int headerBytes = length - PREAMBLE_ROOM;
        putUtf8(event.content());
        int contentBytes = length - PREAMBLE_ROOM - headerBytes;
        putByte('\n');
        writePreamble(headerBytes + contentBytes, headerBytes, contentBytes);
    }

    /** Writes the preamble right before the header, into the room kept free for it. */
    private void writePreamble(int total, int header, int content) {
        int at = PREAMBLE_ROOM;
        buffer[--at] = '\n';
        at = putDigitsBackwards(content, at);
        buffer[--at] = ' ';
        at = putDigitsBackwards(header, at);
        buffer[--at] = ' ';
        at = putDigitsBackwards(total, at);
        at -= EVENT.length;
        System.arraycopy(EVENT, 0, buffer, at, EVENT.length);
        recordStart = at;
    }

    private int putDigitsBackwards(int value, int end) {
        int at = end;
        int rest = value;
        do {
            buffer[--at] = (byte) ('0' + rest % 10);
            rest /= 10;
        } while (rest != 0);
        return at;
    }

    private void putTimestamp(Instant timestamp) {
        int nanos = timestamp.getNano();
        boolean fine = nanos % 100 != 0;
        putLong(timestamp.getEpochSecond());
        putByte('.');
        int digits = fine ? 9 : 7;
        int fraction = fine ? nanos : nanos / 100;
        ensure(digits);
        for (int i = digits - 1; i >= 0; i--) {
            buffer[length + i] = (byte) ('0' + fraction % 10);
            fraction /= 10;
        }
        length += digits;
    }

    private void putLong(long value) {
        ensure(20);
        int digits = 1;
        for (long rest = value / 10; rest != 0; rest /= 10) {
            digits++;
        }
        long rest = value;
        for (int i = digits - 1; i >= 0; i--) {
            buffer[length + i] = (byte) ('0' + rest % 10);
            rest /= 10;
        }
        length += digits;
    }

    private void put(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, length, bytes.length);
        length += bytes.length;
    }

    private void putByte(char c) {
        ensure(1);
        buffer[length++] = (byte) c;
    }

    /**
     * UTF-8; unpaired surrogates become '?', as {@link String#getBytes} does. Short text is copied char by char;
     * longer text goes through {@code getBytes}, whose ASCII path is a vectorised check and copy.
     */
    private void putUtf8(String text) {
        int count = text.length();
        if (count > SHORT_TEXT) {
            put(text.getBytes(StandardCharsets.UTF_8));
            return;
        }
        ensure(count);
        byte[] out = buffer;
        int at = length;
        for (int i = 0; i < count; i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                length = at;
                put(text.substring(i).getBytes(StandardCharsets.UTF_8));
                return;
            }
            out[at++] = (byte) c;
        }
        length = at;
    }

    private void ensure(int more) {
        if (length + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }
}
