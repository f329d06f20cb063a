package io.theia.core.internal.server;

import static io.theia.api.testkit.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.theia.api.codec.EventReader;
import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import io.theia.api.store.EventStore;
import io.theia.api.testkit.InMemoryEventStore;
import io.theia.api.testkit.TestEvents;
import io.theia.core.internal.client.EventPusher;
import io.theia.core.internal.client.PushOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FindEndpointTest {

    @Test
    void concurrentPushersThenFindReturnsEveryEventOnceInOrderBothWays() throws Exception {
        int pushers = 4;
        int perPusher = 1500;
        try (TestServer server = new TestServer(new InMemoryEventStore())) {
            ExecutorService threads = Executors.newFixedThreadPool(pushers);
            List<Future<?>> done = new ArrayList<>();
            List<Event> all = new ArrayList<>();
            for (int p = 0; p < pushers; p++) {
                List<Event> mine = new ArrayList<>();
                for (int i = 0; i < perPusher; i++) {
                    // interleaved, out-of-order timestamps across pushers: (i * 7919 + p) mod a prime spreads them
                    long second = (i * 7919L + p * 104_729L) % 100_003;
                    mine.add(event("p" + p + "-" + i, second, p * 1000 + i % 1000, "from " + p, "t" + p));
                }
                all.addAll(mine);
                boolean acknowledged = p % 2 == 0;
                boolean batched = p < 2;
                done.add(threads.submit(() -> {
                    try (EventPusher pusher = server.client().pusher(PushOptions.defaults(acknowledged))) {
                        List<CompletableFuture<Void>> pushes = new ArrayList<>();
                        if (batched) {
                            for (int from = 0; from < mine.size(); from += 100) {
                                pushes.add(pusher.push(mine.subList(from, Math.min(mine.size(), from + 100))));
                            }
                        } else {
                            mine.forEach(event -> pushes.add(pusher.push(event)));
                        }
                        CompletableFuture.allOf(pushes.toArray(CompletableFuture[]::new)).join();
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
            threads.shutdown();
            await().untilAsserted(() -> assertThat(EventEndpointTest.ids(server)).hasSize(pushers * perPusher));

            List<Event> ascending = all.stream().sorted(Comparator.comparing(Event::timestamp)).toList();
            assertThat(server.client().findAll(EventQuery.all())).containsExactlyElementsOf(ascending);
            List<Event> descending = server.client().findAll(EventQuery.builder().order(EventQuery.Order.DESC).build());
            List<Event> expectedDescending = new ArrayList<>(ascending);
            Collections.reverse(expectedDescending);
            assertThat(descending).containsExactlyElementsOf(expectedDescending);
        }
    }

    @Test
    void findSendsOkThenOneBinaryFramePerEventThenClosesNormally() throws Exception {
        try (TestServer server = new TestServer(new InMemoryEventStore()); RawClient raw = new RawClient()) {
            server.store.saveAll(List.of(event("a", 1, "one", "web"), event("b", 2, "two", "db"),
                    event("c", 3, "three", "web")));
            RawClient.Connection find = raw.connect(server.uri("/find"));

            find.sendText("{\"tags\": [\"web\"], \"order\": \"desc\"}");

            assertThat(find.nextText()).isEqualTo("ok");
            assertThat(read(find.next())).isEqualTo(event("c", 3, "three", "web"));
            assertThat(read(find.next())).isEqualTo(event("a", 1, "one", "web"));
            assertThat(find.awaitClose()).isEqualTo(1000);
            assertThat(find.received).isEmpty();
            assertThat(server.metrics.scrape()).contains("theia_searches_total 1.0");
        }
    }

    @Test
    void criteriaSelectExactlyIncludingFractionalBoundsAndTheLimitExtension() throws Exception {
        try (TestServer server = new TestServer(new InMemoryEventStore())) {
            server.store.saveAll(List.of(
                    event("early", 10, 499_999_999, "ERROR disk", "web"),
                    event("edge", 10, 500_000_000, "ERROR timeout", "web"),
                    event("mid", 11, 0, "INFO fine", "web"),
                    event("late", 12, 250_000_000, "ERROR late", "web", "db"),
                    event("after", 12, 250_000_001, "ERROR after", "web")));
            long base = TestEvents.BASE_SECOND;
            EventQuery query = EventQuery.builder().start(Instant.ofEpochSecond(base + 10, 500_000_000))
                    .end(Instant.ofEpochSecond(base + 12, 250_000_000)).content("^ERROR").tags("web").build();

            assertThat(server.client().findAll(query)).extracting(Event::id).containsExactly("edge", "late");
            assertThat(server.client().findAll(query.toBuilder().limit(1).order(EventQuery.Order.DESC).build()))
                    .extracting(Event::id).containsExactly("late");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "/find | not json at all       | criteria are not valid JSON",
        "/find | [1, 2]                | criteria must be a JSON object",
        "/find | `{\"colour\": \"red\"}` | unknown key 'colour' in criteria",
        "/find | `{\"start\": \"yesterday\"}` | 'start' must be a number of seconds",
        "/find | `{\"content\": \"(unclosed\"}` | invalid content pattern '(unclosed'",
        "/find | `{\"order\": \"sideways\"}` | order must be 'asc' or 'desc', not 'sideways'",
        "/find | `{\"tags\": \"web\"}`   | 'tags' must be a list of strings",
        "/find | `{\"limit\": 0}`        | 'limit' must be a positive whole number",
        "/live | `{\"limit\": 5}`        | unknown key 'limit' in criteria",
        "/live | `{\"id\": \"a{2,1}\"}`  | invalid id pattern",
        "/live | `{\"start\": 5, \"end\": 4}` | is after end",
    })
    void badCriteriaAreAnsweredWithAnErrorAndANormalCloseAndTheServerServesOthers(String path, String criteria,
            String message) throws Exception {
        try (TestServer server = new TestServer(new InMemoryEventStore()); RawClient raw = new RawClient()) {
            server.store.save(event("x", 1, "still served"));
            RawClient.Connection connection = raw.connect(server.uri(path));

            connection.sendText(criteria);

            String reply = connection.nextText();
            assertThat(reply).startsWith("{\"error\": \"").contains(message);
            assertThat(connection.awaitClose()).isEqualTo(1000);
            assertThat(server.client().findAll(EventQuery.all())).extracting(Event::id).containsExactly("x");
        }
    }

    @Test
    void liveOnlyCollectorAnswersFindWithAnError() throws Exception {
        try (TestServer server = new TestServer(null); RawClient raw = new RawClient()) {
            RawClient.Connection find = raw.connect(server.uri("/find"));
            find.sendBinary("{}");
            assertThat(find.nextText()).contains("live-only mode");
            assertThat(find.awaitClose()).isEqualTo(1000);
        }
    }

    @Test
    void clientLeavingMidStreamClosesTheSearchAtOnce() throws Exception {
        CountDownLatch searchClosed = new CountDownLatch(1);
        EventStore endless = new EndlessStore(searchClosed);
        try (TestServer server = new TestServer(endless); RawClient raw = new RawClient()) {
            RawClient.Connection find = raw.connect(server.uri("/find"));
            find.sendText("{}");
            assertThat(find.nextText()).isEqualTo("ok");
            for (int i = 0; i < 100; i++) {
                assertThat(read(find.next()).id()).isEqualTo("e" + i);
            }

            find.disconnect();

            assertThat(searchClosed.await(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void clientOfferingPackedFramesGetsEveryEventInOrderInFewFramesOthersOneEventPerFrame() throws Exception {
        try (TestServer server = new TestServer(new InMemoryEventStore()); RawClient raw = new RawClient()) {
            List<Event> stored = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                stored.add(event(String.format("p%05d", i), i, "content " + "x".repeat(i % 300)));
            }
            server.store.saveAll(stored);
            RawClient.Connection packed = raw.connect(server.uri("/find"), CollectorServer.PACKED_SUBPROTOCOL);
            RawClient.Connection plain = raw.connect(server.uri("/find"));

            packed.sendText("{}");
            plain.sendText("{}");

            assertThat(packed.subprotocol()).isEqualTo(CollectorServer.PACKED_SUBPROTOCOL);
            assertThat(plain.subprotocol()).isNull();
            assertThat(packed.nextText()).isEqualTo("ok");
            assertThat(packed.awaitClose()).isEqualTo(1000);
            List<Event> received = new ArrayList<>();
            int frames = packed.received.size();
            for (Object frame : packed.received) {
                assertThat(frame).isInstanceOf(byte[].class);
                assertThat(((byte[]) frame).length).isLessThan(PackedFrames.FRAME_BYTES + 1024);
                received.addAll(readAll((byte[]) frame));
            }
            assertThat(received).containsExactlyElementsOf(stored);
            assertThat(frames).isLessThan(stored.size() / 10);
            assertThat(plain.nextText()).isEqualTo("ok");
            assertThat(plain.awaitClose()).isEqualTo(1000);
            assertThat(plain.received).hasSize(stored.size());
        }
    }

    @Test
    void packedFramesFoundBeforeTheSearchStallsArriveWithoutWaitingForMore() throws Exception {
        CountDownLatch resume = new CountDownLatch(1);
        try (TestServer server = new TestServer(new StallingStore(resume))) {
            List<String> ids = new java.util.concurrent.CopyOnWriteArrayList<>();

            CompletableFuture<Long> found = server.client().find(EventQuery.all(), event -> ids.add(event.id()));

            await().untilAsserted(() -> assertThat(ids).containsExactly("s0", "s1", "s2"));
            resume.countDown();
            assertThat(found.get(10, TimeUnit.SECONDS)).isEqualTo(4);
            assertThat(ids).containsExactly("s0", "s1", "s2", "s3");
        }
    }

    @Test
    void eventsFoundBeforeTheSearchStallsArriveWithoutWaitingForMore() throws Exception {
        CountDownLatch resume = new CountDownLatch(1);
        EventStore stalling = new StallingStore(resume);
        try (TestServer server = new TestServer(stalling); RawClient raw = new RawClient()) {
            RawClient.Connection find = raw.connect(server.uri("/find"));
            find.sendText("{}");
            assertThat(find.nextText()).isEqualTo("ok");

            // the search now waits for more matches; what it found must not wait in a batch with it
            for (int i = 0; i < 3; i++) {
                assertThat(read(find.next()).id()).isEqualTo("s" + i);
            }
            resume.countDown();

            assertThat(read(find.next()).id()).isEqualTo("s3");
            assertThat(find.awaitClose()).isEqualTo(1000);
        }
    }

    @Test
    void clientLeavingASearchThatFindsNothingStopsTheStoresScan() throws Exception {
        ScanningStore store = new ScanningStore(Long.MAX_VALUE, 10);
        try (TestServer server = new TestServer(store); RawClient raw = new RawClient()) {
            RawClient.Connection find = raw.connect(server.uri("/find"));
            find.sendText("{\"content\": \"never there\"}");
            assertThat(find.nextText()).isEqualTo("ok");
            await().until(() -> store.examined.get() > 10_000);

            find.disconnect();

            assertThat(store.searchClosed.await(5, TimeUnit.SECONDS)).as("scan stopped").isTrue();
            long stopped = store.examined.get();
            await().during(Duration.ofMillis(300)).until(() -> store.examined.get() <= stopped + 1);
        }
    }

    @Test
    void searchRunningOutOfMemoryEndsTheStreamWithAnErrorAndCloseCode1011() throws Exception {
        ScanningStore store = new ScanningStore(4, 10);
        try (TestServer server = new TestServer(store); RawClient raw = new RawClient()) {
            RawClient.Connection find = raw.connect(server.uri("/find"));
            find.sendText("{}");
            assertThat(find.nextText()).isEqualTo("ok");
            for (int i = 0; i < 4; i++) {
                assertThat(read(find.next()).id()).isEqualTo("e" + i);
            }

            assertThat(find.nextText()).isEqualTo("{\"error\": \"search failed: OutOfMemoryError\"}");
            assertThat(find.awaitClose()).isEqualTo(1011);
            assertThat(store.searchClosed.await(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void searchForAClientThatDoesNotReadHoldsBackByBytesNotFrames() throws Exception {
        ScanningStore store = new ScanningStore(Long.MAX_VALUE, 512 * 1024);
        try (TestServer server = new TestServer(store);
                RawSocket stalled = RawSocket.upgraded("127.0.0.1", server.server.port(), "/find")) {
            stalled.frame(1, "{}".getBytes(StandardCharsets.UTF_8));

            await().until(() -> store.examined.get() > 0);
            // 64 frames of half a MiB were 32 MiB; now the window (256 KiB) plus what the socket buffers take
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                    .until(() -> store.examined.get() < 40);
        }
    }

    /** A store the tests only search: saving, looking up and deleting are not theirs to use. */
    private interface SearchOnlyStore extends EventStore {
        @Override
        default void saveAll(List<Event> events) {
            throw new UnsupportedOperationException();
        }

        @Override
        default Event get(String id) {
            throw new UnsupportedOperationException();
        }

        @Override
        default boolean delete(String id) {
            throw new UnsupportedOperationException();
        }

        @Override
        default void close() {
        }
    }

    /** A store whose search yields three events, then waits for a latch before its fourth and last. */
    private record StallingStore(CountDownLatch resume) implements SearchOnlyStore {
        @Override
        public Stream<Event> search(EventQuery query) {
            return Stream.iterate(0L, n -> n < 4, n -> n + 1).map(n -> {
                if (n == 3) {
                    try {
                        resume.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return event("s" + n, n, "stalling");
            });
        }

        @Override
        public void close() {
            resume.countDown();
        }
    }

    /**
     * A store whose every search generates events e0, e1, … (each with {@code contentBytes} of content) and filters
     * them with the query, as a store scanning records does; counts the events examined; after {@code failAfter}
     * events its stream throws an {@link OutOfMemoryError}; counts down a latch when its stream is closed.
     */
    private static final class ScanningStore implements SearchOnlyStore {
        final AtomicLong examined = new AtomicLong();
        final CountDownLatch searchClosed = new CountDownLatch(1);
        private final long failAfter;
        private final String content;

        ScanningStore(long failAfter, int contentBytes) {
            this.failAfter = failAfter;
            this.content = "x".repeat(contentBytes);
        }

        @Override
        public Stream<Event> search(EventQuery query) {
            return Stream.iterate(0L, n -> n + 1).map(n -> {
                if (n >= failAfter) {
                    throw new OutOfMemoryError("Java heap space");
                }
                examined.incrementAndGet();
                return event("e" + n, n, content);
            }).filter(query::matches).onClose(searchClosed::countDown);
        }
    }

    /** A store whose every search yields events without end, and counts down a latch when it is closed. */
    private record EndlessStore(CountDownLatch searchClosed) implements SearchOnlyStore {
        @Override
        public Stream<Event> search(EventQuery query) {
            return Stream.iterate(0L, n -> n + 1).map(n -> event("e" + n, n, "endless"))
                    .onClose(searchClosed::countDown);
        }
    }

    static List<Event> readAll(byte[] bytes) throws Exception {
        List<Event> events = new ArrayList<>();
        try (EventReader reader = EventReader.of(bytes, 0, bytes.length)) {
            for (Event event = reader.read(); event != null; event = reader.read()) {
                events.add(event);
            }
        }
        return events;
    }

    static Event read(Object frame) throws Exception {
        assertThat(frame).isInstanceOf(byte[].class);
        byte[] bytes = (byte[]) frame;
        try (EventReader reader = EventReader.of(bytes, 0, bytes.length)) {
            Event event = reader.read();
            assertThat(reader.read()).isNull();
            return event;
        }
    }
}
