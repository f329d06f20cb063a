package io.theia.store.naive;

import io.theia.api.codec.EventHeader;
import io.theia.api.codec.EventReader;
import io.theia.api.event.Event;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Reads the one record that starts at a byte offset of a data file. Stateless. */
final class RecordReader {

    private RecordReader() {
    }

    /** The whole event at {@code offset}. */
    static Event eventAt(Path file, long offset) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return readerAt(channel, offset).read();
        }
    }

    /** The header of the record at {@code offset}; its {@link EventHeader#recordBytes()} gives its size. */
    static EventHeader headerAt(Path file, long offset) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return readerAt(channel, offset).readHeader();
        }
    }

    private static EventReader readerAt(FileChannel channel, long offset) throws IOException {
        channel.position(offset);
        return new EventReader(Channels.newInputStream(channel), EventReader.DEFAULT_MAX_EVENT_BYTES, offset);
    }
}
