package io.theia.store.naive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.theia.api.store.EventStoreException;
import io.theia.api.store.EventWriteException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code whenDurable} of a buffered store completes only after a flush round forced what was saved. */
class WhenDurableTest {

    private static final Path FILE = Path.of("1699999980-1700000039");

    @TempDir
    Path dataDir;

    @Test
    void aBufferedStoreIsDurableOnlyOnceTheRoundThatCoversTheSaveHasForcedIt() throws Exception {
        RecordingForcing forcing = new RecordingForcing();
        try (NaiveEventStore store = open(forcing)) {
            store.save(ForcingTest.event("a"));
            store.save(ForcingTest.event("b"));
            forcing.hold();

            CompletableFuture<Void> durable = store.whenDurable().toCompletableFuture();

            await().atMost(Duration.ofSeconds(30)).until(forcing::holding);
            assertThat(durable).as("not durable while the round's force waits").isNotDone();
            assertThat(forcing.of(dataDir.resolve(FILE))).isEmpty();
            forcing.release();
            durable.get();
            assertThat(forcing.of(dataDir.resolve(FILE))).as("forced with both records in the file")
                    .anySatisfy(force -> assertThat(force.size()).isEqualTo(Files.size(dataDir.resolve(FILE))));
        }
    }

    @Test
    void oneRoundServesEveryCallerThatAskedWhileItWaited() throws Exception {
        RecordingForcing forcing = new RecordingForcing();
        try (NaiveEventStore store = open(forcing)) {
            store.save(ForcingTest.event("a"));
            forcing.hold();
            CompletableFuture<Void> first = store.whenDurable().toCompletableFuture();
            await().atMost(Duration.ofSeconds(30)).until(forcing::holding);
            store.save(ForcingTest.event("b"));
            CompletableFuture<Void> second = store.whenDurable().toCompletableFuture();
            CompletableFuture<Void> third = store.whenDurable().toCompletableFuture();

            forcing.release();
            CompletableFuture.allOf(first, second, third).get();
            assertThat(forcing.of(dataDir.resolve(FILE))).as("the first round, then one for both later callers")
                    .hasSize(2).last()
                    .satisfies(force -> assertThat(force.size()).isEqualTo(Files.size(dataDir.resolve(FILE))));
        }
    }

    @Test
    void aFailedForceFailsTheDurabilityOfWhatItCovered() throws Exception {
        RecordingForcing forcing = new RecordingForcing();
        try (NaiveEventStore store = open(forcing)) {
            store.save(ForcingTest.event("a"));
            forcing.fail(new IOException("disk gone"));

            CompletableFuture<Void> durable = store.whenDurable().toCompletableFuture();

            assertThat(durable).failsWithin(Duration.ofSeconds(30)).withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(EventWriteException.class).withMessageContaining("disk gone");
            forcing.fail(null);
            store.save(ForcingTest.event("b"));
            assertThat(store.whenDurable().toCompletableFuture().get()).isNull();
        }
    }

    @Test
    void nothingSavedIsDurableAtOnceAndAClosedStoreRefuses() {
        NaiveEventStore store = open(new RecordingForcing());
        assertThat(store.whenDurable().toCompletableFuture()).isCompleted();
        store.close();
        assertThatThrownBy(store::whenDurable).isInstanceOf(EventStoreException.class);
    }

    private NaiveEventStore open(RecordingForcing forcing) {
        return NaiveEventStore.open(new NaiveStoreConfig(dataDir, null, Duration.ofHours(1), null, null),
                Clock.systemUTC(), forcing);
    }
}
