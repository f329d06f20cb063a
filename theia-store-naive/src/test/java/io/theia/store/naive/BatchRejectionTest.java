package io.theia.store.naive;

import static io.theia.api.testkit.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.theia.api.codec.EventReader;
import io.theia.api.codec.EventWriter;
import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import io.theia.api.store.EventWriteException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A batch is rejected at its first invalid event, in batch order, and nothing of it is saved in any file. */
class BatchRejectionTest {

    private static final String HUGE = "x".repeat(EventReader.DEFAULT_MAX_EVENT_BYTES);

    @TempDir
    Path dataDir;

    @Test
    void theFirstInvalidEventOfTheBatchIsNamed() {
        try (NaiveEventStore store = NaiveEventStore.open(NaiveStoreConfig.of(dataDir))) {
            assertThatThrownBy(() -> store.saveAll(List.of(event("a", 1, "x"), event("a", 2, "x"),
                    event("huge", 3, HUGE)))).isInstanceOf(EventWriteException.class)
                    .hasMessageContaining("'a' appears twice");
            Event huge = event("huge", 2, HUGE);
            assertThatThrownBy(() -> store.saveAll(List.of(event("a", 1, "x"), huge, event("a", 3, "x"))))
                    .isInstanceOf(EventWriteException.class)
                    .hasMessageContaining("'huge' is " + EventWriter.toBytes(huge).length + " bytes serialized");
            assertThatThrownBy(() -> store.saveAll(List.of(event("a", 1, "x"), event("a", 2, HUGE))))
                    .isInstanceOf(EventWriteException.class).hasMessageContaining("'a' appears twice");
            assertThat(all(store)).isEmpty();
        }
    }

    @Test
    void anIdAlreadyStoredRejectsABatchSpanningManyFiles() {
        try (NaiveEventStore store = NaiveEventStore.open(new NaiveStoreConfig(dataDir, 7L, null, 2048L, null))) {
            store.save(event("taken", 0, "first"));
            List<Event> batch = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                batch.add(event("e" + i, i / 3, "content " + i));
            }
            batch.add(event("taken", 9, "second"));

            assertThatThrownBy(() -> store.saveAll(batch)).isInstanceOf(EventWriteException.class)
                    .hasMessageContaining("'taken' is already stored");

            assertThat(all(store)).extracting(Event::content).containsExactly("first");
            batch.remove(batch.size() - 1);
            store.saveAll(batch);
            assertThat(all(store)).hasSize(501);
            assertThat(store.get("e499").content()).isEqualTo("content 499");
        }
    }

    private static List<Event> all(NaiveEventStore store) {
        try (Stream<Event> events = store.search(EventQuery.all())) {
            return events.toList();
        }
    }
}
