package io.theia.store.naive;

import io.theia.api.codec.EventWriter;
import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import io.theia.api.store.EventStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Builds data files by hand, as docs/formats.md section 3 describes them, and reads stores back. */
final class DataFiles {

    private DataFiles() {
    }

    /** The bytes of records: each serialized event followed by one more line break. */
    static byte[] records(Event... events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Event event : events) {
            out.writeBytes(EventWriter.toBytes(event));
            out.write('\n');
        }
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static Path write(Path dir, String name, byte[] bytes) throws IOException {
        Files.createDirectories(dir);
        return Files.write(dir.resolve(name), bytes);
    }

    static List<Event> all(EventStore store) {
        return search(store, EventQuery.all());
    }

    static List<Event> search(EventStore store, EventQuery query) {
        try (Stream<Event> stream = store.search(query)) {
            return stream.collect(Collectors.toList());
        }
    }

    static List<String> ids(List<Event> events) {
        return events.stream().map(Event::id).collect(Collectors.toList());
    }

    /** Names of the data files ({@code <digits>-<digits>}) in a directory, sorted. */
    static List<String> dataFileNames(Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> listing = Files.list(dir)) {
            listing.map(path -> path.getFileName().toString()).filter(name -> name.matches("\\d+-\\d+"))
                    .sorted().forEach(names::add);
        }
        return names;
    }

    /** Whether any file under a directory (recursively) contains the bytes. */
    static boolean anyFileContains(Path dir, byte[] needle) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                byte[] bytes = Files.readAllBytes(path);
                outer:
                for (int i = 0; i + needle.length <= bytes.length; i++) {
                    for (int j = 0; j < needle.length; j++) {
                        if (bytes[i + j] != needle[j]) {
                            continue outer;
                        }
                    }
                    return true;
                }
            }
        }
        return false;
    }
}
