package io.theia.store.naive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.theia.api.event.Event;
import io.theia.api.store.EventNotFoundException;
import io.theia.api.store.EventQuery;
import io.theia.api.store.EventWriteException;
import io.theia.api.store.EventsInDoubtException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failed {@code saveAll} saves nothing of its batch (docs/naive-store.md, "Failed writes"): with an
 * {@link IOException} injected at each open, write, truncation and force point of the save path, the failed events
 * are seen by neither get nor search, in the open store and after it is closed and opened again, and their ids
 * can be saved again. Only a failure to roll back is reported otherwise, as {@link EventsInDoubtException}.
 */
class FailedWriteTest {

    private static final long SECOND = 1_700_000_000L;
    private static final String FIRST_FILE = "1699999980-1700000039";
    private static final String SECOND_FILE = "1700000040-1700000099";

    @TempDir
    Path dataDir;

    @Test
    void aSynchronousSaveWhoseWriteFailsIsRolledBackAndNotWrittenLater() throws Exception {
        RecordingForcing faults = new RecordingForcing();
        try (NaiveEventStore store = open(faults, Duration.ZERO)) {
            store.save(event("kept", 0));
            faults.failWrites(new IOException("No space left on device"));

            assertThatThrownBy(() -> store.saveAll(List.of(event("b", 0), event("c", 0))))
                    .isExactlyInstanceOf(EventWriteException.class)
                    .hasMessageContaining("nothing of the batch was saved").hasRootCauseMessage("No space left on device");
            assertAbsent(store, "b", "c");

            faults.failWrites(null);
            store.save(event("after", 0));
            assertAbsent(store, "b", "c");
            assertThat(ids(store)).containsExactlyInAnyOrder("kept", "after");
        }
        try (NaiveEventStore store = open(new RecordingForcing(), Duration.ZERO)) {
            assertThat(ids(store)).containsExactlyInAnyOrder("kept", "after");
            store.saveAll(List.of(event("b", 0), event("c", 0)));
            assertThat(ids(store)).containsExactlyInAnyOrder("kept", "after", "b", "c");
        }
    }

    @Test
    void aSynchronousSaveWhoseForceFailsIsRolledBackAndStaysAbsentAfterReopening() throws Exception {
        RecordingForcing faults = new RecordingForcing();
        Path file = dataDir.resolve(FIRST_FILE);
        try (NaiveEventStore store = open(faults, Duration.ZERO)) {
            store.save(event("kept", 0));
            long durable = Files.size(file);
            faults.failNext(new IOException("Input/output error"), 1);

            assertThatThrownBy(() -> store.save(event("b", 0))).isExactlyInstanceOf(EventWriteException.class)
                    .hasMessageContaining("nothing of the batch was saved");
            assertAbsent(store, "b");
            assertThat(Files.size(file)).as("the file is cut back to what was forced").isEqualTo(durable);
        }
        try (NaiveEventStore store = open(new RecordingForcing(), Duration.ZERO)) {
            assertThat(ids(store)).containsExactlyInAnyOrder("kept");
            store.save(event("b", 0));
        }
    }

    @Test
    void concurrentSynchronousSaversOfAFailedRoundAreAllToldAndAllRolledBack() throws Exception {
        RecordingForcing faults = new RecordingForcing();
        List<String> expected = new ArrayList<>(List.of("kept"));
        try (NaiveEventStore store = open(faults, Duration.ZERO)) {
            store.save(event("kept", 0));
            faults.hold();
            faults.failNext(new IOException("Input/output error"), 1);
            List<CompletableFuture<Void>> saves = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String id = "s" + i;
                saves.add(CompletableFuture.runAsync(() -> store.saveAll(List.of(event(id, 0), event(id + "w", 60)))));
            }
            // the first round holds while the other savers append, then fails; it and the appends after it are
            // rolled back, so every saver either succeeds in a later round or is told nothing was saved
            await().atMost(Duration.ofSeconds(30)).until(faults::holding);
            faults.release();
            int failed = 0;
            for (int i = 0; i < saves.size(); i++) {
                try {
                    saves.get(i).join();
                    expected.add("s" + i);
                    expected.add("s" + i + "w");
                } catch (CompletionException e) {
                    assertThat(e).hasCauseExactlyInstanceOf(EventWriteException.class);
                    failed++;
                }
            }
            assertThat(failed).isPositive();
            assertThat(ids(store)).containsExactlyInAnyOrderElementsOf(expected);
        }
        try (NaiveEventStore store = open(new RecordingForcing(), Duration.ZERO)) {
            assertThat(ids(store)).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void aBatchWhoseSecondFileCannotBeOpenedSavesNoneOfItsFirst() throws Exception {
        for (Duration flush : List.of(Duration.ZERO, Duration.ofHours(1))) {
            Path dir = Files.createDirectory(dataDir.resolve("flush-" + flush.toMillis()));
            RecordingForcing faults = new RecordingForcing();
            try (NaiveEventStore store = open(dir, faults, flush)) {
                store.save(event("kept", 0));
                faults.failOpens(new IOException("Too many open files"),
                        path -> path.getFileName().toString().equals(SECOND_FILE));

                assertThatThrownBy(() -> store.saveAll(List.of(event("a", 1), event("b", 60))))
                        .isExactlyInstanceOf(EventWriteException.class)
                        .hasMessageContaining("nothing of the batch was saved")
                        .hasMessageNotContaining("already stored");
                assertAbsent(store, "a", "b");
                faults.failOpens(null, path -> true);

                // not "already stored": the same batch is saved now
                store.saveAll(List.of(event("a", 1), event("b", 60)));
                assertThat(ids(store)).as(flush.toString()).containsExactlyInAnyOrder("kept", "a", "b");
            }
            try (NaiveEventStore store = open(dir, new RecordingForcing(), flush)) {
                assertThat(ids(store)).as(flush.toString()).containsExactlyInAnyOrder("kept", "a", "b");
            }
        }
    }

    @Test
    void aBufferedBatchWhoseRecordsAlreadyReachedTheFileIsCutOutOfIt() throws Exception {
        RecordingForcing faults = new RecordingForcing();
        Path file = dataDir.resolve(FIRST_FILE);
        try (NaiveEventStore store = open(faults, Duration.ofHours(1))) {
            store.save(event("kept", 0));
            assertThat(ids(store)).containsExactly("kept"); // reading hands "kept" to the file
            long before = Files.size(file);
            faults.failOpens(new IOException("Too many open files"),
                    path -> path.getFileName().toString().equals(SECOND_FILE));
            // larger than the append buffer: written straight to the file
            Event large = new Event("large", Instant.ofEpochSecond(SECOND + 2), "/failing", List.of(),
                    "x".repeat(300 * 1024));

            assertThatThrownBy(() -> store.saveAll(List.of(large, event("b", 60))))
                    .isExactlyInstanceOf(EventWriteException.class);
            assertThat(Files.size(file)).as("cut back and the cut forced").isEqualTo(before);
            assertThat(faults.truncated).contains(file);
            assertThat(faults.of(file)).last().satisfies(force -> assertThat(force.size()).isEqualTo(before));
            assertAbsent(store, "large", "b");
            faults.failOpens(null, path -> true);
        }
        try (NaiveEventStore store = open(new RecordingForcing(), Duration.ofHours(1))) {
            assertThat(ids(store)).containsExactlyInAnyOrder("kept");
        }
    }

    @Test
    void aRollbackThatFailsIsReportedAsInDoubt() throws Exception {
        RecordingForcing faults = new RecordingForcing();
        try (NaiveEventStore store = open(faults, Duration.ofHours(1))) {
            faults.failOpens(new IOException("Too many open files"),
                    path -> path.getFileName().toString().equals(SECOND_FILE));
            faults.failTruncates(new IOException("Input/output error"));
            Event large = new Event("large", Instant.ofEpochSecond(SECOND + 2), "/failing", List.of(),
                    "x".repeat(300 * 1024));

            assertThatThrownBy(() -> store.saveAll(List.of(large, event("b", 60))))
                    .isInstanceOf(EventsInDoubtException.class).hasMessageContaining("may be stored");
            faults.failOpens(null, path -> true);
            faults.failTruncates(null);
        }
    }

    @Test
    void aSynchronousRoundWhoseRollbackFailsTellsItsSaversTheirEventsAreInDoubt() throws Exception {
        RecordingForcing faults = new RecordingForcing();
        try (NaiveEventStore store = open(faults, Duration.ZERO)) {
            store.save(event("kept", 0));
            faults.fail(new IOException("Input/output error"));
            faults.failTruncates(new IOException("Input/output error"));
            // the write reaches the file; its force fails, and so does cutting it back
            assertThatThrownBy(() -> store.save(event("b", 0))).isInstanceOf(EventsInDoubtException.class);
            faults.fail(null);
            faults.failTruncates(null);
        }
    }

    private NaiveEventStore open(RecordingForcing forcing, Duration flushInterval) {
        return open(dataDir, forcing, flushInterval);
    }

    static NaiveEventStore open(Path dir, RecordingForcing forcing, Duration flushInterval) {
        return NaiveEventStore.open(new NaiveStoreConfig(dir, null, flushInterval, null, null), Clock.systemUTC(),
                forcing);
    }

    static void assertAbsent(NaiveEventStore store, String... ids) {
        for (String id : ids) {
            assertThatThrownBy(() -> store.get(id)).as(id).isInstanceOf(EventNotFoundException.class);
        }
        assertThat(ids(store)).doesNotContain(ids);
    }

    static List<String> ids(NaiveEventStore store) {
        try (Stream<Event> events = store.search(EventQuery.all())) {
            return events.map(Event::id).toList();
        }
    }

    static Event event(String id, long offsetSeconds) {
        return new Event(id, Instant.ofEpochSecond(SECOND + offsetSeconds), "/failing", List.of(), "content of " + id);
    }
}
