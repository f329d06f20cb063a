package io.theia.store.naive;

import static io.theia.store.naive.FailedWriteTest.event;
import static io.theia.store.naive.FailedWriteTest.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.theia.api.store.EventWriteException;
import io.theia.api.store.EventsInDoubtException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A buffered store on a failing disk (docs/naive-store.md, "A failing disk"): a failed flush round makes the store
 * report a {@link NaiveEventStore#problem() problem}, {@code whenDurable} fails, saves are refused once the last
 * successful round began more than a flush interval ago, and the store recovers by itself when the disk does,
 * without losing an event whose save returned.
 */
class FailingDiskTest {

    private static final Duration FLUSH = Duration.ofMillis(300);

    @TempDir
    Path dataDir;

    @Test
    void failingForces() throws Exception {
        RecordingForcing faults = new RecordingForcing();
        runFailingDisk(faults, disk -> faults.fail(disk == null ? null : new IOException("Input/output error")));
    }

    @Test
    void aFullDisk() throws Exception {
        RecordingForcing faults = new RecordingForcing();
        // records still in the append buffers cannot be handed to the file: reads take them from the buffers
        runFailingDisk(faults, disk -> faults.failWrites(disk == null ? null
                : new IOException("No space left on device")));
    }

    /** {@code breakDisk} takes "broken" to make the disk fail, null to mend it. */
    private void runFailingDisk(RecordingForcing faults, Consumer<String> breakDisk) throws Exception {
        List<String> accepted = new ArrayList<>();
        try (NaiveEventStore store = FailedWriteTest.open(dataDir, faults, FLUSH)) {
            store.save(event("before", 0));
            accepted.add("before");
            store.whenDurable().toCompletableFuture().get();
            assertThat(store.problem()).isEmpty();

            breakDisk.accept("broken");
            store.save(event("during", 0));
            accepted.add("during");
            CompletionStage<Void> durable = store.whenDurable();
            assertThatThrownBy(() -> durable.toCompletableFuture().get()).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(EventsInDoubtException.class);
            assertThat(store.problem()).as("unhealthy after a failed round").isPresent();

            // accepted until the last good round is a flush interval old, then refused
            int[] next = {0};
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> {
                String id = "more" + next[0]++;
                try {
                    store.save(event(id, 0));
                    accepted.add(id);
                    return false;
                } catch (EventWriteException refused) {
                    assertThat(refused).isExactlyInstanceOf(EventWriteException.class)
                            .hasMessageContaining("refuses events").hasMessageContaining("nothing of the batch");
                    return true;
                }
            });
            assertThat(store.problem()).get().asString().contains("saves are refused");
            assertThat(ids(store)).as("what was accepted is still found").containsExactlyInAnyOrderElementsOf(accepted);
            for (String id : accepted) {
                assertThat(store.get(id).id()).isEqualTo(id);
            }

            breakDisk.accept(null);
            await().atMost(Duration.ofSeconds(30)).until(() -> store.problem().isEmpty());
            store.save(event("after", 0));
            accepted.add("after");
            store.whenDurable().toCompletableFuture().get();
        }
        try (NaiveEventStore store = FailedWriteTest.open(dataDir, new RecordingForcing(), FLUSH)) {
            assertThat(ids(store)).as("nothing whose save returned is lost").containsExactlyInAnyOrderElementsOf(accepted);
        }
    }
}
