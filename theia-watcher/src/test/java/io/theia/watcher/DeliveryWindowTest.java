package io.theia.watcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.theia.api.event.Event;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeliveryWindowTest {

    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor();
    private final List<Long> acknowledged = new ArrayList<>();

    @AfterEach
    void stop() {
        retries.shutdownNow();
    }

    @Test
    void acknowledgementsArePassedOnInSubmissionOrderWhateverOrderTheSinkCompletesIn() {
        List<CompletableFuture<Void>> completions = new ArrayList<>();
        DeliveryWindow window = new DeliveryWindow("test", events -> {
            CompletableFuture<Void> completion = new CompletableFuture<>();
            completions.add(completion);
            return completion;
        }, 3, retries, this::record);
        window.submit(batch(1));
        window.submit(batch(2));
        window.submit(batch(3));
        assertThat(window.isFull()).isTrue();

        completions.get(2).complete(null);
        completions.get(1).complete(null);
        assertThat(acknowledged()).isEmpty();
        completions.get(0).complete(null);

        assertThat(acknowledged()).containsExactly(1L, 2L, 3L);
        assertThat(window.isFull()).isFalse();
    }

    @Test
    void aFailedDeliveryIsRetriedUntilItSucceedsAndOnlyThenAcknowledged() {
        AtomicInteger attempts = new AtomicInteger();
        DeliveryWindow window = new DeliveryWindow("test", events -> attempts.incrementAndGet() < 4
                ? CompletableFuture.failedFuture(new IllegalStateException("down"))
                : CompletableFuture.completedFuture(null), 2, retries, this::record);

        window.submit(batch(7));

        await().atMost(Duration.ofSeconds(10)).until(() -> acknowledged().equals(List.of(7L)));
        assertThat(attempts).hasValue(4);
    }

    @Test
    void aBatchWithoutEventsWaitsForTheBatchesBeforeIt() {
        CompletableFuture<Void> first = new CompletableFuture<>();
        DeliveryWindow window = new DeliveryWindow("test", events -> first, 4, retries, this::record);
        window.submit(batch(1));
        Batch positionOnly = new Batch(0);
        positionOnly.advance(new Checkpoint("k", Path.of("/f"), 2));
        window.submit(positionOnly);
        assertThat(acknowledged()).isEmpty();

        first.complete(null);

        assertThat(acknowledged()).containsExactly(1L, 2L);
    }

    private synchronized void record(Batch batch) {
        acknowledged.add(batch.advanced().get("k").offset());
    }

    private synchronized List<Long> acknowledged() {
        return List.copyOf(acknowledged);
    }

    private static Batch batch(long offset) {
        Batch batch = new Batch(0);
        batch.add(Event.create("/f", List.of(), "line " + offset), new Checkpoint("k", Path.of("/f"), offset));
        return batch;
    }
}
