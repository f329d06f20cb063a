package io.theia.store.naive;

import io.theia.api.codec.EventHeader;
import io.theia.api.codec.EventReader;
import io.theia.api.event.Event;
import java.io.IOException;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Reads the one record that starts at a byte offset of a data file. Stateless. */
final class RecordReader {

    private static final int FIRST_READ = 4096;

    private RecordReader() {
    }

    /** The whole event at {@code offset}. */
    static Event eventAt(Path file, long offset) throws IOException {
        return eventAt(file, offset, null);
    }

    /** The whole event at {@code offset}, taken from {@code tail} (may be null) when it lies there. */
    static Event eventAt(Path file, long offset, BufferedTail tail) throws IOException {
        if (tail != null && offset >= tail.start()) {
            return tailReader(tail, offset).read();
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return readerAt(channel, offset).read();
        }
    }

    /** The header of the record at {@code offset}; its {@link EventHeader#recordBytes()} gives its size. */
    static EventHeader headerAt(Path file, long offset) throws IOException {
        return headerAt(file, offset, null);
    }

    /** The header of the record at {@code offset}, taken from {@code tail} (may be null) when it lies there. */
    static EventHeader headerAt(Path file, long offset, BufferedTail tail) throws IOException {
        if (tail != null && offset >= tail.start()) {
            return tailReader(tail, offset).readHeader();
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return readerAt(channel, offset).readHeader();
        }
    }

    private static EventReader tailReader(BufferedTail tail, long offset) {
        int at = (int) (offset - tail.start());
        return new EventReader(new ByteArrayInputStream(tail.bytes(), at, tail.bytes().length - at),
                EventReader.DEFAULT_MAX_EVENT_BYTES, offset);
    }

    /** A reader over the record at {@code offset}: one small read, a second one for a large record. */
    private static EventReader readerAt(FileChannel channel, long offset) throws IOException {
        byte[] bytes = new byte[FIRST_READ];
        int length = readAt(channel, offset, bytes, 0);
        int size = recordSize(bytes, length);
        if (size > length) {
            bytes = Arrays.copyOf(bytes, size);
            length += readAt(channel, offset + length, bytes, length);
        }
        return new EventReader(new ByteArrayInputStream(bytes, 0, length), EventReader.DEFAULT_MAX_EVENT_BYTES, offset);
    }

    private static int readAt(FileChannel channel, long offset, byte[] into, int at) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(into, at, into.length - at);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, offset + buffer.position() - at) < 0) {
                break;
            }
        }
        return buffer.position() - at;
    }

    /** The record's size from its preamble ({@code event: total header content}), or 0 when it has none. */
    private static int recordSize(byte[] bytes, int length) {
        int end = 0;
        while (end < length && bytes[end] != '\n') {
            end++;
        }
        String[] sizes = new String(bytes, 0, end, StandardCharsets.US_ASCII).trim().split(" +");
        if (end == length || sizes.length != 4) {
            return 0;
        }
        try {
            return (int) Math.min(Integer.MAX_VALUE - 16, end + 1 + Long.parseLong(sizes[1]) + 1);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
