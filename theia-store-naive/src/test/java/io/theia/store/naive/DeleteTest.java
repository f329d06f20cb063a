package io.theia.store.naive;

import static io.theia.store.naive.DataFiles.all;
import static io.theia.store.naive.DataFiles.anyFileContains;
import static io.theia.store.naive.DataFiles.ascii;
import static io.theia.store.naive.DataFiles.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.theia.api.event.Event;
import io.theia.api.store.EventNotFoundException;
import io.theia.api.testkit.TestEvents;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Delete removes the event's bytes from the data file, durably, and leaves every other event readable. */
class DeleteTest {

    @TempDir
    Path dataDir;

    @Test
    void deletedSecretIsGoneFromEveryFileOnDisk() throws IOException {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            events.add(TestEvents.event("e" + i, i % 5, "ordinary line " + i));
        }
        events.add(25, TestEvents.event("leak", 2, "password=hunter2-0xC0FFEE"));
        try (NaiveEventStore store = open(Duration.ofSeconds(1))) {
            store.saveAll(events);
            assertThat(all(store)).hasSize(51);
            assertThat(anyFileContains(dataDir, ascii("hunter2-0xC0FFEE"))).isTrue();

            assertThat(store.delete("leak")).isTrue();

            assertThat(anyFileContains(dataDir, ascii("hunter2-0xC0FFEE"))).isFalse();
            assertThatThrownBy(() -> store.get("leak")).isInstanceOf(EventNotFoundException.class);
            for (Event event : events) {
                if (!event.id().equals("leak")) {
                    assertThat(store.get(event.id())).isEqualTo(event);
                }
            }
            store.save(TestEvents.event("after", 3, "appended after the rewrite"));
            assertThat(store.get("after").content()).isEqualTo("appended after the rewrite");
        }
        assertThat(anyFileContains(dataDir, ascii("hunter2-0xC0FFEE"))).isFalse();
        try (NaiveEventStore store = open(Duration.ZERO)) {
            assertThat(ids(all(store))).hasSize(51).doesNotContain("leak").contains("after");
            assertThat(store.get("e49").content()).isEqualTo("ordinary line 49");
        }
    }

    @Test
    void deletingEveryEventOfAFileRemovesTheFile() throws IOException {
        try (NaiveEventStore store = open(Duration.ZERO)) {
            store.save(TestEvents.event("only", 1, "x"));
            store.save(TestEvents.event("elsewhere", 100_000, "y"));
            assertThat(DataFiles.dataFileNames(dataDir)).hasSize(2);

            assertThat(store.delete("only")).isTrue();

            assertThat(DataFiles.dataFileNames(dataDir)).hasSize(1);
            assertThat(ids(all(store))).containsExactly("elsewhere");
            store.save(TestEvents.event("again", 1, "x"));
            assertThat(ids(all(store))).containsExactly("again", "elsewhere");
        }
    }

    private NaiveEventStore open(Duration flushInterval) {
        return NaiveEventStore.open(new NaiveStoreConfig(dataDir, null, flushInterval, null, null));
    }
}
