package io.theia.core.internal.pipeline;

import static io.theia.api.testkit.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import io.theia.api.store.EventWriteException;
import io.theia.api.testkit.DelegatingEventStore;
import io.theia.api.testkit.GatedStore;
import io.theia.api.testkit.InMemoryEventStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class IngestPipelineTest {

    /** A store that is durable only when the test says so: each {@code whenDurable} waits on a completion. */
    static final class DurableOnCueStore extends DelegatingEventStore {
        final List<CompletableFuture<Void>> durability = new java.util.concurrent.CopyOnWriteArrayList<>();

        DurableOnCueStore() {
            super(new InMemoryEventStore());
        }

        @Override
        public java.util.concurrent.CompletionStage<Void> whenDurable() {
            CompletableFuture<Void> durable = new CompletableFuture<>();
            durability.add(durable);
            return durable;
        }
    }

    private final LiveHub hub = new LiveHub();

    @Test
    void deliveryCompletesOnlyOnceTheStoreSaysTheSavedBatchIsDurable() throws Exception {
        DurableOnCueStore store = new DurableOnCueStore();
        try (IngestPipeline pipeline = new IngestPipeline(store, hub, 2)) {
            CompletableFuture<Void> done = pipeline.deliver(List.of(event("a", 1, "x"))).toCompletableFuture();
            await().until(() -> !store.durability.isEmpty());

            assertThat(store.get("a").content()).as("saved before durability is asked for").isEqualTo("x");
            assertThat(done).isNotDone();
            store.durability.get(0).complete(null);
            done.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theSavedStepFinishesWhileTheDurableStepWaitsForTheStore() throws Exception {
        DurableOnCueStore store = new DurableOnCueStore();
        try (IngestPipeline pipeline = new IngestPipeline(store, hub, 2)) {
            StagedSink.Delivery delivery = pipeline.deliverStaged(List.of(event("a", 1, "x")));

            delivery.saved().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(store.get("a").content()).isEqualTo("x");
            assertThat(store.durability).as("durability asked for before the saved step finished").hasSize(1);
            assertThat(delivery.durable().toCompletableFuture()).isNotDone();
            store.durability.get(0).complete(null);
            delivery.durable().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aFailedSaveFailsBothStepsAndAStoreThatCannotTellAboutDurabilityLeavesTheSavedEventsInDoubt() {
        InMemoryEventStore store = new InMemoryEventStore();
        store.saveAll(List.of(event("a", 1, "x")));
        DelegatingEventStore closing = new DelegatingEventStore(store) {
            @Override
            public java.util.concurrent.CompletionStage<Void> whenDurable() {
                throw new IllegalStateException("the store is closed");
            }
        };
        try (IngestPipeline pipeline = new IngestPipeline(closing, hub, 1)) {
            StagedSink.Delivery duplicate = pipeline.deliverStaged(List.of(event("a", 1, "x")));
            StagedSink.Delivery saved = pipeline.deliverStaged(List.of(event("b", 2, "y")));

            assertThat(duplicate.saved().toCompletableFuture()).failsWithin(Duration.ofSeconds(10));
            assertThat(duplicate.durable().toCompletableFuture()).failsWithin(Duration.ofSeconds(10));
            assertThat(saved.saved().toCompletableFuture()).succeedsWithin(Duration.ofSeconds(10));
            assertThat(saved.durable().toCompletableFuture()).failsWithin(Duration.ofSeconds(10))
                    .withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(io.theia.api.store.EventsInDoubtException.class);
        }
    }

    @Test
    void aStoreThatFailsToMakeTheBatchDurableFailsTheDelivery() {
        DurableOnCueStore store = new DurableOnCueStore();
        try (IngestPipeline pipeline = new IngestPipeline(store, hub, 2)) {
            CompletableFuture<Void> done = pipeline.deliver(List.of(event("a", 1, "x"))).toCompletableFuture();
            await().until(() -> !store.durability.isEmpty());
            store.durability.get(0).completeExceptionally(new EventWriteException("fdatasync failed"));

            assertThat(done).failsWithin(Duration.ofSeconds(10)).withThrowableOfType(ExecutionException.class)
                    .withRootCauseInstanceOf(EventWriteException.class).withMessageContaining("fdatasync failed");
        }
    }

    @Test
    void theBufferedDeliveryCompletesOnceSavedWithoutAskingForDurability() throws Exception {
        DurableOnCueStore store = new DurableOnCueStore();
        try (IngestPipeline pipeline = new IngestPipeline(store, hub, 2)) {
            pipeline.buffered().deliver(List.of(event("a", 1, "x"))).toCompletableFuture().get(10, TimeUnit.SECONDS);

            assertThat(store.get("a").content()).isEqualTo("x");
            assertThat(store.durability).isEmpty();
        }
    }

    @Test
    void completionFinishesOnlyAfterTheStoreSaved() throws Exception {
        GatedStore store = new GatedStore();
        try (IngestPipeline pipeline = new IngestPipeline(store, hub, 2)) {
            CompletableFuture<Void> done = pipeline.deliver(List.of(event("a", 1, "x"))).toCompletableFuture();
            assertThat(store.saving.await(10, TimeUnit.SECONDS)).isTrue();

            assertThat(done).isNotDone();
            store.gate.countDown();
            done.get(10, TimeUnit.SECONDS);

            assertThat(store.durable).isNotEmpty();
            assertThat(store.get("a").content()).isEqualTo("x");
        }
    }

    @Test
    void liveSubscribersSeeABatchOnlyAfterItIsStored() throws Exception {
        GatedStore store = new GatedStore();
        try (IngestPipeline pipeline = new IngestPipeline(store, hub, 1)) {
            LiveSubscription live = hub.subscribe(EventQuery.all(), 10, here -> { });
            CompletableFuture<Void> done = pipeline.deliver(List.of(event("a", 1, "x"))).toCompletableFuture();
            store.saving.await(10, TimeUnit.SECONDS);

            assertThat(live.poll()).isNull();
            store.gate.countDown();
            done.get(10, TimeUnit.SECONDS);

            assertThat(live.poll(Duration.ofSeconds(10))).isEqualTo(event("a", 1, "x"));
        }
    }

    @Test
    void storeFailureFailsTheCompletionAndReachesNoSubscriber() throws Exception {
        InMemoryEventStore store = new InMemoryEventStore();
        store.save(event("taken", 1, "x"));
        try (IngestPipeline pipeline = new IngestPipeline(store, hub, 1)) {
            LiveSubscription live = hub.subscribe(EventQuery.all(), 10, here -> { });

            CompletableFuture<Void> done = pipeline.deliver(List.of(event("taken", 2, "y"))).toCompletableFuture();

            await().until(done::isDone);
            assertThat(done).isCompletedExceptionally();
            try {
                done.get();
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(EventWriteException.class).hasMessageContaining("taken");
            }
            assertThat(live.poll()).isNull();
        }
    }

    @Test
    void liveOnlyPipelineStoresNothingAndStreams() throws Exception {
        try (IngestPipeline pipeline = new IngestPipeline(null, hub, 1)) {
            LiveSubscription live = hub.subscribe(EventQuery.builder().tags("keep").build(), 10, here -> { });

            pipeline.deliver(List.of(event("a", 1, "x", "keep"), event("b", 2, "y"))).toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);

            assertThat(pipeline.persistent()).isFalse();
            assertThat(live.poll().id()).isEqualTo("a");
            assertThat(live.poll()).isNull();
        }
    }

    @Test
    void closedPipelineRefusesDeliveries() {
        IngestPipeline pipeline = new IngestPipeline(new InMemoryEventStore(), hub, 1);
        pipeline.close();

        CompletableFuture<Void> done = pipeline.deliver(List.of(event("a", 1, "x"))).toCompletableFuture();

        assertThat(done).isCompletedExceptionally();
    }

    @Test
    void everyDeliveredEventIsStoredUnderConcurrentDeliveries() throws Exception {
        InMemoryEventStore store = new InMemoryEventStore();
        try (IngestPipeline pipeline = new IngestPipeline(store, hub, 4)) {
            List<CompletableFuture<Void>> deliveries = new java.util.ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                deliveries.add(pipeline.deliver(List.of(event("e" + i, i % 50, "n" + i))).toCompletableFuture());
            }
            CompletableFuture.allOf(deliveries.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        }
        assertThat(store.search(EventQuery.all()).count()).isEqualTo(2000);
    }

    /** A store that records the threads its saves ran on, and takes as long per save as the test says. */
    static final class ThreadRecordingStore extends DelegatingEventStore {
        final List<Thread> savedOn = new java.util.concurrent.CopyOnWriteArrayList<>();
        volatile long saveNanos;

        ThreadRecordingStore() {
            super(new InMemoryEventStore());
        }

        @Override
        public void saveAll(List<Event> events) {
            savedOn.add(Thread.currentThread());
            long until = System.nanoTime() + saveNanos;
            while (System.nanoTime() < until) {
                // a save that waits for the disk, as a synchronous store's does
                Thread.onSpinWait();
            }
            super.saveAll(events);
        }
    }

    @Test
    void aSmallBatchOnAnIdlePipelineIsSavedAndPublishedByTheDeliveringThreadBeforeItReturns() throws Exception {
        ThreadRecordingStore store = new ThreadRecordingStore();
        try (IngestPipeline pipeline = new IngestPipeline(store, hub, 2, 0, 0)) {
            List<Thread> notifiedOn = new java.util.concurrent.CopyOnWriteArrayList<>();
            List<Boolean> sendHere = new java.util.concurrent.CopyOnWriteArrayList<>();
            LiveSubscription live = hub.subscribe(EventQuery.all(), 10, here -> {
                notifiedOn.add(Thread.currentThread());
                sendHere.add(here);
            });
            pipeline.deliverStagedHere(List.of(event("first", 1, "x"))).saved().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            assertThat(store.savedOn).as("the first save is a worker's: how long saves take is not known yet")
                    .doesNotContain(Thread.currentThread());
            assertThat(sendHere).as("a worker hands the subscribers' sends off").containsExactly(false);
            assertThat(live.poll()).isEqualTo(event("first", 1, "x"));
            notifiedOn.clear();
            sendHere.clear();

            StagedSink.Delivery delivery = pipeline.buffered().deliverStagedHere(List.of(event("a", 1, "x")));

            assertThat(delivery.saved().toCompletableFuture()).isCompleted();
            assertThat(store.savedOn).hasSize(2).last().isEqualTo(Thread.currentThread());
            assertThat(notifiedOn).containsExactly(Thread.currentThread());
            assertThat(sendHere).as("the reader that saved may send too").containsExactly(true);
            assertThat(live.poll()).isEqualTo(event("a", 1, "x"));
        }
    }

    @Test
    void aBatchSavedHereWhileBatchesCameCloseTogetherLeavesTheSubscribersSendsToThePool() throws Exception {
        ThreadRecordingStore store = new ThreadRecordingStore();
        try (IngestPipeline pipeline = new IngestPipeline(store, hub, 2, 0, TimeUnit.MILLISECONDS.toNanos(10))) {
            List<CompletableFuture<Void>> burst = new java.util.ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                burst.add(pipeline.deliverStaged(List.of(event("burst-" + i, i, "x"))).saved().toCompletableFuture());
            }
            CompletableFuture.allOf(burst.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            List<Boolean> sendHere = new java.util.concurrent.CopyOnWriteArrayList<>();
            LiveSubscription live = hub.subscribe(EventQuery.all(), 10, sendHere::add);

            // until one is saved here (one that a worker saved, e.g. after a slow save, does not count)
            for (int i = 0; i < 100 && !Thread.currentThread().equals(store.savedOn.get(store.savedOn.size() - 1)); i++) {
                pipeline.buffered().deliverStagedHere(List.of(event("here-" + i, i, "x"))).saved()
                        .toCompletableFuture().get(10, TimeUnit.SECONDS);
            }

            assertThat(store.savedOn).last().isEqualTo(Thread.currentThread());
            assertThat(sendHere).as("saved here, but sent from the pool").isNotEmpty().containsOnly(false);
            assertThat(live.poll()).isNotNull();
        }
    }

    @Test
    void deliverStagedKeepsItsPromiseToReturnAtOnce() throws Exception {
        ThreadRecordingStore store = new ThreadRecordingStore();
        try (IngestPipeline pipeline = new IngestPipeline(store, hub, 2)) {
            pipeline.deliverStaged(List.of(event("a", 1, "x"))).saved().toCompletableFuture().get(10, TimeUnit.SECONDS);

            assertThat(store.savedOn).doesNotContain(Thread.currentThread());
        }
    }

    @Test
    void whileAnotherBatchIsBeingSavedTheDeliveringThreadHandsOverAndDoesNotWait() throws Exception {
        GatedStore store = new GatedStore();
        try (IngestPipeline pipeline = new IngestPipeline(store, hub, 2)) {
            CompletableFuture<Void> first = pipeline.deliver(List.of(event("a", 1, "x"))).toCompletableFuture();
            assertThat(store.saving.await(10, TimeUnit.SECONDS)).isTrue();

            CompletableFuture<Void> second = pipeline.buffered().deliverStagedHere(List.of(event("b", 2, "y")))
                    .saved().toCompletableFuture();

            assertThat(second).as("handed over: this thread would wait at the gate otherwise").isNotDone();
            store.gate.countDown();
            first.get(10, TimeUnit.SECONDS);
            second.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aStoreWhoseSavesAreSlowAndLargeBatchesAreSavedByTheWorkers() throws Exception {
        ThreadRecordingStore store = new ThreadRecordingStore();
        try (IngestPipeline pipeline = new IngestPipeline(store, hub, 2, 0, 0)) {
            List<Event> large = new java.util.ArrayList<>();
            for (int i = 0; i <= IngestPipeline.HERE_MAX_EVENTS; i++) {
                large.add(event("l" + i, i, "x"));
            }
            pipeline.deliverStagedHere(large).saved().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(store.savedOn.get(0)).as("a large batch").isNotEqualTo(Thread.currentThread());

            store.saveNanos = 2 * IngestPipeline.QUICK_SAVE_NANOS;
            pipeline.deliverStagedHere(List.of(event("s1", 1, "x"))).saved().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            pipeline.deliverStagedHere(List.of(event("s2", 1, "x"))).saved().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            assertThat(store.savedOn.get(2)).as("after a slow save").isNotEqualTo(Thread.currentThread());

            store.saveNanos = 0;
            pipeline.deliverStagedHere(List.of(event("q1", 1, "x"))).saved().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            pipeline.deliverStagedHere(List.of(event("q2", 1, "x")));
            assertThat(store.savedOn.get(4)).as("quick again").isEqualTo(Thread.currentThread());
        }
    }

    @Test
    void aDeliveryMadeWhileABatchIsSavedHereIsHandedOverNotNested() throws Exception {
        ThreadRecordingStore store = new ThreadRecordingStore();
        try (IngestPipeline pipeline = new IngestPipeline(store, hub, 2, 0, 0)) {
            pipeline.deliverStaged(List.of(event("first", 1, "x"))).saved().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            CompletableFuture<StagedSink.Delivery> nested = new CompletableFuture<>();
            // a subscriber that delivers again when notified: notified on this thread, inside the save
            hub.subscribe(EventQuery.builder().tags("outer").build(), 10, here -> {
                if (!nested.isDone()) {
                    nested.complete(pipeline.deliverStagedHere(List.of(event("inner", 2, "y"))));
                }
            });

            pipeline.deliverStagedHere(List.of(event("outer", 1, "x", "outer")));

            nested.get(10, TimeUnit.SECONDS).saved().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(store.savedOn).hasSize(3);
            assertThat(store.savedOn.get(1)).isEqualTo(Thread.currentThread());
            assertThat(store.savedOn.get(2)).isNotEqualTo(Thread.currentThread());
        }
    }

    @Test
    void batchesComingCloseTogetherAreLeftToTheWorkers() throws Exception {
        ThreadRecordingStore store = new ThreadRecordingStore();
        try (IngestPipeline pipeline = new IngestPipeline(store, hub, 2, TimeUnit.HOURS.toNanos(1), 0)) {
            pipeline.deliverStaged(List.of(event("first", 1, "x"))).saved().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);

            pipeline.deliverStagedHere(List.of(event("soon", 2, "y"))).saved().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);

            assertThat(store.savedOn).hasSize(2).doesNotContain(Thread.currentThread());
        }
    }
}
