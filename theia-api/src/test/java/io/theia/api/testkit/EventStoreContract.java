package io.theia.api.testkit;

import static io.theia.api.testkit.TestEvents.BASE_SECOND;
import static io.theia.api.testkit.TestEvents.event;
import static io.theia.api.testkit.TestEvents.richEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.theia.api.event.Event;
import io.theia.api.store.DuplicateEventException;
import io.theia.api.store.EventNotFoundException;
import io.theia.api.store.EventQuery;
import io.theia.api.store.EventQuery.Order;
import io.theia.api.store.EventStore;
import io.theia.api.store.EventStoreException;
import io.theia.api.store.EventWriteException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The store conformance kit: what every {@link EventStore} must do, as tests.
 *
 * <p>A store's test extends this class and implements {@link #openStore()}; every test here then runs against
 * that store. Published in theia-api's test-jar, so the built-in stores and third-party stores run the same
 * contract.
 */
public abstract class EventStoreContract {

    /** The store under test, opened before each test and closed after it. */
    protected EventStore store;

    /**
     * Opens the store under test on this test's storage: empty at the first call of a test, and the same storage
     * again (with what was saved into it) at later calls of the same test.
     */
    protected abstract EventStore openStore() throws Exception;

    /** Whether events survive {@code close()} and a new {@link #openStore()}; true unless overridden. */
    protected boolean persistent() {
        return true;
    }

    @BeforeEach
    void openStoreUnderTest() throws Exception {
        store = openStore();
    }

    @AfterEach
    void closeStoreUnderTest() {
        store.close();
    }

    @Test
    void savedEventIsReturnedByGetWithEveryField() {
        Event rich = richEvent("rich", 1);
        Event plain = new Event("plain", Instant.ofEpochSecond(BASE_SECOND, 1), "", List.of(), "");
        store.save(rich);
        store.save(plain);

        assertThat(store.get("rich")).isEqualTo(rich);
        assertThat(store.get("rich").headers()).containsExactlyEntriesOf(rich.headers());
        assertThat(store.get("plain")).isEqualTo(plain);
    }

    @Test
    void largeContentRoundTrips() {
        String content = "x".repeat(1 << 20) + "\nend";
        store.save(event("large", 0, content));

        assertThat(store.get("large").content()).isEqualTo(content);
    }

    @Test
    void getOfUnknownIdThrowsNotFoundNamingTheId() {
        store.save(event("known", 0, "a"));

        assertThatThrownBy(() -> store.get("unknown"))
                .isInstanceOf(EventNotFoundException.class)
                .hasMessageContaining("unknown");
    }

    @Test
    void emptyStoreFindsNothing() {
        assertThat(search(EventQuery.all())).isEmpty();
    }

    @Test
    void searchOrdersByTimestampWhateverTheArrivalOrder() {
        List<Event> events = IntStream.range(0, 200)
                .mapToObj(i -> event("e" + i, (i * 7919L) % 1000, i, "n" + i))
                .collect(Collectors.toList());
        Collections.shuffle(events, new Random(42));
        store.saveAll(events.subList(0, 100));
        events.subList(100, 200).forEach(store::save);

        List<Event> ascending = search(EventQuery.all());
        List<Event> descending = search(EventQuery.builder().order(Order.DESC).build());

        assertThat(ascending).hasSize(200).isSortedAccordingTo(java.util.Comparator.comparing(Event::timestamp));
        assertThat(ascending).containsExactlyInAnyOrderElementsOf(events);
        List<Event> reversed = new ArrayList<>(descending);
        Collections.reverse(reversed);
        assertThat(reversed).isEqualTo(ascending);
    }

    @Test
    void timeRangeIsInclusiveAndExactToTheNanosecond() {
        store.saveAll(List.of(
                event("before", 10, 999_999_999, "x"),
                event("at-start", 11, 0, "x"),
                event("inside", 15, 5, "x"),
                event("at-end", 20, 500, "x"),
                event("after", 20, 501, "x")));

        List<Event> found = search(EventQuery.builder()
                .start(Instant.ofEpochSecond(BASE_SECOND + 11))
                .end(Instant.ofEpochSecond(BASE_SECOND + 20, 500))
                .build());

        assertThat(ids(found)).containsExactly("at-start", "inside", "at-end");
    }

    @Test
    void openEndedRanges() {
        store.saveAll(List.of(event("a", 0, "x"), event("b", 100, "x"), event("c", 100_000, "x")));

        assertThat(ids(search(EventQuery.builder().start(Instant.ofEpochSecond(BASE_SECOND + 100)).build())))
                .containsExactly("b", "c");
        assertThat(ids(search(EventQuery.builder().end(Instant.ofEpochSecond(BASE_SECOND + 100)).build())))
                .containsExactly("a", "b");
    }

    @Test
    void eventsFarApartInTimeAreAllFound() {
        List<Event> events = IntStream.range(0, 40)
                .mapToObj(i -> event("day" + i, i * 86_400L, "day " + i))
                .collect(Collectors.toList());
        Collections.shuffle(events, new Random(7));
        store.saveAll(events);

        assertThat(search(EventQuery.all())).hasSize(40);
        assertThat(ids(search(EventQuery.builder()
                .start(Instant.ofEpochSecond(BASE_SECOND + 10 * 86_400L))
                .end(Instant.ofEpochSecond(BASE_SECOND + 12 * 86_400L))
                .build()))).containsExactly("day10", "day11", "day12");
    }

    @Test
    void everyRequiredTagMustBePresent() {
        store.saveAll(List.of(
                event("ab", 1, "x", "a", "b"),
                event("a", 2, "x", "a"),
                event("abc", 3, "x", "c", "b", "a"),
                event("none", 4, "x")));

        assertThat(ids(search(EventQuery.builder().tags("a", "b").build()))).containsExactly("ab", "abc");
        assertThat(ids(search(EventQuery.builder().tags("a").build()))).containsExactly("ab", "a", "abc");
        assertThat(search(EventQuery.builder().tags("a", "zzz").build())).isEmpty();
    }

    @Test
    void contentPatternFindsAMatchAnywhere() {
        store.saveAll(List.of(
                event("1", 1, "ERROR: connection timeout after 3s"),
                event("2", 2, "error: timeout"),
                event("3", 3, "first line\nsecond ERROR line with a timeout"),
                event("4", 4, "INFO all good")));

        assertThat(ids(search(EventQuery.builder().content("ERROR.*timeout").build()))).containsExactly("1", "3");
        assertThat(ids(search(EventQuery.builder().content("(?i)error").build()))).containsExactly("1", "2", "3");
        assertThat(ids(search(EventQuery.builder().content("^INFO").build()))).containsExactly("4");
    }

    @Test
    void sourceAndIdPatterns() {
        Event door = new Event("door-1", Instant.ofEpochSecond(BASE_SECOND + 1), "/dev/sensors/door1", List.of(), "a");
        Event window = new Event("win-1", Instant.ofEpochSecond(BASE_SECOND + 2), "/dev/sensors/window", List.of(), "b");
        Event log = new Event("log-1", Instant.ofEpochSecond(BASE_SECOND + 3), "/var/log/syslog", List.of(), "c");
        store.saveAll(List.of(door, window, log));

        assertThat(ids(search(EventQuery.builder().source("sensors").build()))).containsExactly("door-1", "win-1");
        assertThat(ids(search(EventQuery.builder().id("^log").build()))).containsExactly("log-1");
        assertThat(ids(search(EventQuery.builder().source("sensors").id("win").build()))).containsExactly("win-1");
    }

    @Test
    void criteriaCombine() {
        store.saveAll(List.of(
                event("match", 5, "disk full", "prod"),
                event("wrong-tag", 5, "disk full", "dev"),
                event("wrong-text", 5, "disk ok", "prod"),
                event("too-late", 50, "disk full", "prod")));

        List<Event> found = search(EventQuery.builder()
                .end(Instant.ofEpochSecond(BASE_SECOND + 10)).tags("prod").content("full").build());

        assertThat(ids(found)).containsExactly("match");
    }

    @Test
    void limitCutsTheOrderedResults() {
        store.saveAll(IntStream.range(0, 50).mapToObj(i -> event("e" + i, i, "x")).collect(Collectors.toList()));

        assertThat(ids(search(EventQuery.builder().limit(3).build()))).containsExactly("e0", "e1", "e2");
        assertThat(ids(search(EventQuery.builder().limit(2).order(Order.DESC).build())))
                .containsExactly("e49", "e48");
    }

    @Test
    void deletedEventIsGoneFromGetAndSearch() {
        store.saveAll(List.of(event("keep", 1, "secret? no"), event("leak", 2, "password=hunter2")));

        assertThat(store.delete("leak")).isTrue();

        assertThatThrownBy(() -> store.get("leak")).isInstanceOf(EventNotFoundException.class);
        assertThat(ids(search(EventQuery.all()))).containsExactly("keep");
        assertThat(search(EventQuery.builder().content("hunter2").build())).isEmpty();
        assertThat(store.delete("leak")).isFalse();
        assertThat(store.delete("never-stored")).isFalse();
    }

    @Test
    void duplicateIdIsRejectedNamingItAndTheBatchIsNotApplied() {
        store.save(event("taken", 1, "first"));

        assertThatThrownBy(() -> store.saveAll(List.of(event("new", 2, "x"), event("taken", 3, "second"))))
                .isInstanceOf(DuplicateEventException.class)
                .hasMessageContaining("taken")
                .satisfies(e -> assertThat(((DuplicateEventException) e).ids()).containsExactly("taken"));
        assertThatThrownBy(() -> store.save(event("taken", 4, "third")))
                .isInstanceOf(DuplicateEventException.class);
        // an id repeated within the batch is not "already stored": a client must not take it for delivered
        assertThatThrownBy(() -> store.saveAll(List.of(event("twice", 2, "x"), event("twice", 3, "y"))))
                .isInstanceOf(EventWriteException.class)
                .isNotInstanceOf(DuplicateEventException.class)
                .hasMessageContaining("twice");

        assertThat(store.get("taken").content()).isEqualTo("first");
        assertThat(ids(search(EventQuery.all()))).containsExactly("taken");
    }

    @Test
    void aRefusedBatchLeavesNothingOfItBehindNotEvenAfterReopening() throws Exception {
        store.save(event("taken", 1, "first"));

        assertThatThrownBy(() -> store.saveAll(List.of(event("new-a", 2, "x"), event("new-b", 400, "y"),
                event("taken", 3, "second")))).isInstanceOf(EventWriteException.class);
        if (persistent()) {
            store.close();
            store = openStore();
        }

        assertThatThrownBy(() -> store.get("new-a")).isInstanceOf(EventNotFoundException.class);
        assertThatThrownBy(() -> store.get("new-b")).isInstanceOf(EventNotFoundException.class);
        assertThat(ids(search(EventQuery.all()))).containsExactly("taken");
        // nothing of the refused batch blocks its ids
        store.saveAll(List.of(event("new-a", 2, "x"), event("new-b", 400, "y")));
        assertThat(ids(search(EventQuery.all()))).containsExactly("taken", "new-a", "new-b");
    }

    @Test
    void aWorkingStoreReportsNoProblem() {
        store.save(event("e", 1, "x"));
        assertThat(store.problem()).isEmpty();
    }

    @Test
    void everySavedEventIsVisibleAtOnce() {
        for (int i = 0; i < 200; i++) {
            Event event = event("e" + i, i % 13, "n" + i);
            store.save(event);
            assertThat(store.get(event.id())).isEqualTo(event);
            assertThat(search(EventQuery.builder().id("^e" + i + "$").build())).containsExactly(event);
        }
    }

    @Test
    void searchStreamMayBeClosedBeforeItIsConsumed() {
        store.saveAll(IntStream.range(0, 100).mapToObj(i -> event("e" + i, i, "x")).collect(Collectors.toList()));

        try (Stream<Event> stream = store.search(EventQuery.all())) {
            assertThat(stream.iterator().next().id()).isEqualTo("e0");
        }
        store.save(event("after", 200, "x"));
        assertThat(search(EventQuery.all())).hasSize(101);
    }

    @Test
    void eventsSurviveCloseAndReopen() throws Exception {
        assumeTrue(persistent(), "the store under test does not persist");
        Event rich = richEvent("rich", 1);
        store.saveAll(List.of(rich, event("gone", 2, "x"), event("plain", 3, "y", "t")));
        store.delete("gone");
        store.close();

        store = openStore();

        assertThat(store.get("rich")).isEqualTo(rich);
        assertThat(ids(search(EventQuery.all()))).containsExactly("rich", "plain");
        assertThatThrownBy(() -> store.get("gone")).isInstanceOf(EventNotFoundException.class);
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void whenDurableCompletesNormallyForWhatWasSaved() throws Exception {
        store.whenDurable().toCompletableFuture().get();
        store.saveAll(List.of(event("a", 1, "x"), event("b", 2, "y")));

        CompletableFuture<Void> durable = store.whenDurable().toCompletableFuture();

        assertThat(durable.get()).isNull();
        assertThat(store.get("b").content()).isEqualTo("y");
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void whenDurableServesConcurrentSaversWithoutBlockingThem() throws Exception {
        ExecutorService savers = Executors.newFixedThreadPool(4);
        try {
            List<Future<CompletableFuture<Void>>> saves = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                saves.add(savers.submit(() -> {
                    List<CompletableFuture<Void>> durable = new ArrayList<>();
                    for (int i = 0; i < 50; i++) {
                        store.save(event("t" + thread + "-" + i, thread * 100 + i, "x"));
                        durable.add(store.whenDurable().toCompletableFuture());
                    }
                    return CompletableFuture.allOf(durable.toArray(CompletableFuture[]::new));
                }));
            }
            for (Future<CompletableFuture<Void>> save : saves) {
                save.get().get();
            }
        } finally {
            savers.shutdownNow();
        }
        assertThat(search(EventQuery.all())).hasSize(200);
    }

    @Test
    void closedStoreRejectsEveryOperation() {
        store.save(event("e", 1, "x"));
        store.close();

        assertThatThrownBy(() -> store.save(event("f", 2, "y"))).isInstanceOf(EventStoreException.class);
        assertThatThrownBy(() -> store.get("e")).isInstanceOf(EventStoreException.class);
        assertThatThrownBy(() -> store.delete("e")).isInstanceOf(EventStoreException.class);
        assertThatThrownBy(() -> search(EventQuery.all())).isInstanceOf(EventStoreException.class);
        assertThatThrownBy(() -> store.whenDurable()).isInstanceOf(EventStoreException.class);
        store.close();
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void concurrentWritersAndReadersLoseNothingAndSeeOrderedResults() throws Exception {
        int writers = 4;
        int perWriter = 500;
        ExecutorService pool = Executors.newFixedThreadPool(writers + 2);
        CountDownLatch go = new CountDownLatch(1);
        AtomicBoolean writing = new AtomicBoolean(true);
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        try {
            List<Future<?>> writes = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                writes.add(pool.submit(() -> {
                    go.await();
                    Random random = new Random(writer);
                    for (int i = 0; i < perWriter; i += 5) {
                        List<Event> batch = new ArrayList<>();
                        for (int j = i; j < i + 5; j++) {
                            batch.add(event("w" + writer + "-" + j, random.nextInt(600), random.nextInt(1000),
                                    "writer " + writer + " event " + j, "w" + writer));
                        }
                        store.saveAll(batch);
                    }
                    return null;
                }));
            }
            List<Future<?>> reads = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                Order order = r == 0 ? Order.ASC : Order.DESC;
                reads.add(pool.submit(() -> {
                    go.await();
                    while (writing.get()) {
                        List<Event> seen = search(EventQuery.builder().order(order).build());
                        Set<String> unique = new HashSet<>(ids(seen));
                        if (unique.size() != seen.size()) {
                            problems.add("a search returned a duplicate");
                        }
                        for (int i = 1; i < seen.size(); i++) {
                            int cmp = seen.get(i - 1).timestamp().compareTo(seen.get(i).timestamp());
                            if (order == Order.ASC ? cmp > 0 : cmp < 0) {
                                problems.add("a search returned events out of " + order + " order");
                                break;
                            }
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> write : writes) {
                write.get();
            }
            writing.set(false);
            for (Future<?> read : reads) {
                read.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(problems).isEmpty();
        List<Event> all = search(EventQuery.all());
        assertThat(all).hasSize(writers * perWriter);
        assertThat(new HashSet<>(ids(all))).hasSize(writers * perWriter);
        assertThat(all).isSortedAccordingTo(java.util.Comparator.comparing(Event::timestamp));
        assertThat(store.get("w3-499").content()).isEqualTo("writer 3 event 499");
    }

    @Test
    void countPerBucketCountsEachBucketIncludingItsStartAndExcludingItsEnd() {
        store.saveAll(List.of(
                event("before", -1, 999_999_999, "x"),
                event("b0-start", 0, 0, "x"),
                event("b0-end", 9, 999_999_999, "x"),
                event("b1-start", 10, 0, "x"),
                event("b1", 15, 0, "x"),
                event("b3", 35, 0, "x"),
                event("b5-last", 59, 999_999_999, "x"),
                event("after", 60, 0, "x")));

        long[] counts = store.countPerBucket(EventQuery.all(), Instant.ofEpochSecond(BASE_SECOND),
                java.time.Duration.ofSeconds(10), 6);

        assertThat(counts).containsExactly(2, 2, 0, 1, 0, 1);
    }

    @Test
    void countPerBucketAppliesTheCriteriaAndTheQueryBoundsAndIgnoresOrderAndLimit() {
        store.saveAll(List.of(
                event("a", 1, "disk full", "prod"),
                event("b", 2, "disk full", "prod"),
                event("wrong-tag", 3, "disk full", "dev"),
                event("wrong-text", 4, "disk ok", "prod"),
                event("c", 61, "disk full again", "prod"),
                event("late", 125, "disk full", "prod")));
        EventQuery query = EventQuery.builder().tags("prod").content("full").order(Order.DESC).limit(1)
                .end(Instant.ofEpochSecond(BASE_SECOND + 120)).build();

        long[] counts = store.countPerBucket(query, Instant.ofEpochSecond(BASE_SECOND), java.time.Duration.ofMinutes(1),
                3);

        assertThat(counts).containsExactly(2, 1, 0);
        assertThat(store.countPerBucket(EventQuery.builder().start(Instant.ofEpochSecond(BASE_SECOND + 1000)).build(),
                Instant.ofEpochSecond(BASE_SECOND), java.time.Duration.ofMinutes(1), 3)).containsExactly(0, 0, 0);
    }

    @Test
    void countPerBucketEqualsASearchOverManyEvents() {
        Random random = new Random(11);
        List<Event> events = IntStream.range(0, 500)
                .mapToObj(i -> event("r" + i, random.nextInt(3_600), random.nextInt(1_000_000_000), "n" + i,
                        i % 3 == 0 ? "three" : "other"))
                .collect(Collectors.toList());
        store.saveAll(events);
        Instant origin = Instant.ofEpochSecond(BASE_SECOND + 600, 500);
        java.time.Duration width = java.time.Duration.ofMillis(37_123);
        int buckets = 50;
        long[] expected = new long[buckets];
        for (Event event : events) {
            long offset = java.time.Duration.between(origin, event.timestamp()).toNanos();
            if (event.tags().contains("three") && offset >= 0 && offset < width.toNanos() * buckets) {
                expected[(int) (offset / width.toNanos())]++;
            }
        }

        assertThat(store.countPerBucket(EventQuery.builder().tags("three").build(), origin, width, buckets))
                .containsExactly(expected);
    }

    @Test
    void countPerBucketRefusesANonPositiveWidthOrNoBucket() {
        Instant origin = Instant.ofEpochSecond(BASE_SECOND);
        assertThatThrownBy(() -> store.countPerBucket(EventQuery.all(), origin, java.time.Duration.ZERO, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("width");
        assertThatThrownBy(() -> store.countPerBucket(EventQuery.all(), origin, java.time.Duration.ofSeconds(1), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bucket");
    }

    /** Runs a search and collects it, closing the stream. */
    protected List<Event> search(EventQuery query) {
        try (Stream<Event> stream = store.search(query)) {
            return stream.collect(Collectors.toList());
        }
    }

    /** The ids of events, in order. */
    protected static List<String> ids(List<Event> events) {
        return events.stream().map(Event::id).collect(Collectors.toList());
    }
}
