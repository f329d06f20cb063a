package io.theia.store.naive;

import static io.theia.store.naive.DataFiles.all;
import static io.theia.store.naive.DataFiles.ids;
import static io.theia.store.naive.DataFiles.records;
import static org.assertj.core.api.Assertions.assertThat;

import io.theia.api.event.Event;
import io.theia.api.testkit.TestEvents;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog saved at close speeds up opening but is never trusted beyond what still holds. */
class CatalogSnapshotTest {

    @TempDir
    Path dataDir;

    private final List<Event> saved = new ArrayList<>();

    @BeforeEach
    void saveAndClose() {
        for (int i = 0; i < 30; i++) {
            saved.add(TestEvents.event("e" + i, i * 7L, "content " + i));
        }
        try (NaiveEventStore store = open()) {
            store.saveAll(saved);
        }
        assertThat(dataDir.resolve(".theia").resolve("catalog")).exists();
    }

    @Test
    void reopenWithTheCatalogFindsEverything() {
        try (NaiveEventStore store = open()) {
            assertThat(all(store)).containsExactlyElementsOf(saved);
            assertThat(store.get("e17")).isEqualTo(saved.get(17));
        }
    }

    @Test
    void truncatedCatalogIsIgnored() throws IOException {
        Path catalog = dataDir.resolve(".theia").resolve("catalog");
        try (FileChannel channel = FileChannel.open(catalog, StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() / 2);
        }
        try (NaiveEventStore store = open()) {
            assertThat(all(store)).containsExactlyElementsOf(saved);
            assertThat(store.get("e29")).isEqualTo(saved.get(29));
        }
    }

    @Test
    void eventsAppendedOrFilesReplacedBehindTheStoresBackAreFound() throws IOException {
        String first = DataFiles.dataFileNames(dataDir).get(0);
        Event appended = TestEvents.event("appended", 1, "by another writer");
        Files.write(dataDir.resolve(first), records(appended), StandardOpenOption.APPEND);
        String last = DataFiles.dataFileNames(dataDir).get(DataFiles.dataFileNames(dataDir).size() - 1);
        Path replaced = dataDir.resolve(last);
        Event replacement = TestEvents.event("replacement", 29 * 7L, "new file, new inode");
        Path temporary = dataDir.resolve("replacement.tmp");
        Files.write(temporary, records(replacement));
        Files.move(temporary, replaced, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        try (NaiveEventStore store = open()) {
            assertThat(store.get("appended")).isEqualTo(appended);
            assertThat(store.get("replacement")).isEqualTo(replacement);
            assertThat(ids(all(store))).contains("appended", "replacement", "e0").doesNotContain("e29");
        }
    }

    private NaiveEventStore open() {
        return NaiveEventStore.open(NaiveStoreConfig.of(dataDir));
    }
}
