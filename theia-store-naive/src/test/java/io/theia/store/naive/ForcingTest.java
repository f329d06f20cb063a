package io.theia.store.naive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.theia.api.event.Event;
import io.theia.api.store.EventWriteException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a save's durability rests on: {@code fdatasync} of the data file (and {@code fsync} of the directory for a
 * new file), seen through the {@link FileForcing} seam.
 */
class ForcingTest {

    private static final long SECOND = 1_700_000_000L;

    @TempDir
    Path dataDir;

    @Test
    void aSynchronousSaveReturnsOnlyAfterItsRecordsAndTheNewFileAreForced() throws Exception {
        RecordingForcing forcing = new RecordingForcing();
        try (NaiveEventStore store = open(forcing, Duration.ZERO)) {
            forcing.hold();
            CompletableFuture<Void> save = CompletableFuture.runAsync(() -> store.save(event("a")));

            await().atMost(Duration.ofSeconds(30)).until(forcing::holding);
            assertThat(save).as("the save waits for its force").isNotDone();
            forcing.release();
            save.get();

            Path file = dataDir.resolve("1699999980-1700000039");
            assertThat(forcing.of(file)).as("the data file was forced with the record in it")
                    .anySatisfy(force -> assertThat(force.size()).isEqualTo(Files.size(file)));
            assertThat(forcing.of(dataDir)).as("the directory was forced for the new file").isNotEmpty();

            int before = forcing.of(file).size();
            store.save(event("b"));
            assertThat(forcing.of(file)).hasSize(before + 1)
                    .last().satisfies(force -> assertThat(force.size()).isEqualTo(Files.size(file)));
        }
    }

    @Test
    void aFailedForceFailsTheSynchronousSave() throws Exception {
        RecordingForcing forcing = new RecordingForcing();
        try (NaiveEventStore store = open(forcing, Duration.ZERO)) {
            store.save(event("a"));
            forcing.fail(new IOException("disk gone"));

            assertThatThrownBy(() -> store.save(event("b"))).isInstanceOf(EventWriteException.class)
                    .hasMessageContaining("forcing data files to disk failed").hasRootCauseMessage("disk gone");
            forcing.fail(null);
        }
    }

    @Test
    void aBufferedStoreForcesWhatItWroteEveryFlushAndAtClose() throws Exception {
        RecordingForcing forcing = new RecordingForcing();
        Path file = dataDir.resolve("1699999980-1700000039");
        try (NaiveEventStore store = open(forcing, Duration.ofMillis(50))) {
            store.save(event("a"));
            await().atMost(Duration.ofSeconds(30)).until(() -> !forcing.of(file).isEmpty());
            assertThat(forcing.of(file).get(0).size()).isEqualTo(Files.size(file));
            store.save(event("b"));
            store.save(event("c"));
        }
        assertThat(forcing.of(file)).last().satisfies(force -> assertThat(force.size()).isEqualTo(Files.size(file)));
    }

    private NaiveEventStore open(RecordingForcing forcing, Duration flushInterval) {
        return NaiveEventStore.open(new NaiveStoreConfig(dataDir, null, flushInterval, null, null), Clock.systemUTC(),
                forcing);
    }

    static Event event(String id) {
        return new Event(id, Instant.ofEpochSecond(SECOND), "/forcing", List.of(), "content of " + id);
    }
}
