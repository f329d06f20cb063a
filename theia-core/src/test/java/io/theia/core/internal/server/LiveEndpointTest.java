package io.theia.core.internal.server;

import static io.theia.api.testkit.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import io.theia.api.testkit.InMemoryEventStore;
import io.theia.core.internal.client.EventPusher;
import io.theia.core.internal.client.LiveListener;
import io.theia.core.internal.client.LiveStream;
import io.theia.core.internal.client.PushOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LiveEndpointTest {

    @Test
    void liveGetsExactlyTheMatchingEventsReceivedAfterItSubscribed() throws Exception {
        try (TestServer server = new TestServer(new InMemoryEventStore());
                EventPusher pusher = server.client().pusher(PushOptions.defaults(true))) {
            pusher.push(List.of(event("before", 1, "ERROR old", "web"))).get(10, TimeUnit.SECONDS);
            List<Event> received = new CopyOnWriteArrayList<>();
            try (LiveStream live = server.client().live(EventQuery.builder().tags("web").content("ERROR").build(),
                    received::add)) {
                List<Event> later = List.of(
                        event("m1", 2, "ERROR one", "web"),
                        event("n1", 3, "INFO one", "web"),
                        event("n2", 4, "ERROR but other tag", "db"),
                        event("m2", 5, "ERROR two", "web", "db"),
                        event("m3", 1, "ERROR older timestamp, arrives later", "web"));
                pusher.push(later).get(10, TimeUnit.SECONDS);

                await().untilAsserted(() -> assertThat(received).extracting(Event::id)
                        .containsExactly("m1", "m2", "m3"));
                assertThat(received.get(1)).isEqualTo(later.get(3));
                assertThat(server.hub.subscribers()).isEqualTo(1);
                assertThat(server.metrics.scrape()).contains("theia_live_subscribers 1.0");
            }
            await().until(() -> server.hub.subscribers() == 0);
        }
    }

    @Test
    void liveStreamsAreBinaryFramesAfterOk() throws Exception {
        try (TestServer server = new TestServer(null); RawClient raw = new RawClient()) {
            RawClient.Connection live = raw.connect(server.uri("/live"));
            live.sendText("{\"source\": \"^/test$\", \"start\": 1509989631.5, \"order\": \"desc\"}");
            assertThat(live.nextText()).isEqualTo("ok");

            server.pipeline.deliver(List.of(event("too-early", 1, "x"), event("in", 2, "y"))).toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);

            assertThat(FindEndpointTest.read(live.next())).isEqualTo(event("in", 2, "y"));
        }
    }

    @Test
    void clientOfferingPackedFramesGetsQueuedEventsBackToBackInOrder() throws Exception {
        try (TestServer server = new TestServer(null); RawClient raw = new RawClient()) {
            RawClient.Connection live = raw.connect(server.uri("/live"), CollectorServer.PACKED_SUBPROTOCOL);
            live.sendText("{}");
            assertThat(live.nextText()).isEqualTo("ok");
            assertThat(live.subprotocol()).isEqualTo(CollectorServer.PACKED_SUBPROTOCOL);
            List<Event> sent = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                sent.add(event("l" + i, i, "line " + i + " " + "y".repeat(i % 200)));
            }

            server.pipeline.deliver(sent).toCompletableFuture().get(10, TimeUnit.SECONDS);

            List<Event> received = new ArrayList<>();
            int frames = 0;
            while (received.size() < sent.size()) {
                received.addAll(FindEndpointTest.readAll((byte[]) live.next()));
                frames++;
            }
            assertThat(received).containsExactlyElementsOf(sent);
            assertThat(frames).isLessThan(sent.size() / 10);
        }
    }

    @Test
    void stalledLiveClientNeitherStallsIngestionNorLosesCountOfItsDroppedEvents() throws Exception {
        int liveQueue = 100;
        int events = 20_000;
        String content = "x".repeat(2000);
        try (TestServer server = new TestServer(new InMemoryEventStore(),
                TestServer.config(null, null, null, liveQueue));
                EventPusher pusher = server.client().pusher(PushOptions.defaults(true))) {
            long withoutSubscriber = ingest(pusher, "a", events, content);

            CountDownLatch stalled = new CountDownLatch(1);
            CountDownLatch resume = new CountDownLatch(1);
            AtomicLong delivered = new AtomicLong();
            AtomicLong dropped = new AtomicLong();
            LiveListener stuck = new LiveListener() {
                @Override
                public void onEvent(Event event) {
                    delivered.incrementAndGet();
                    stalled.countDown();
                    try {
                        resume.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }

                @Override
                public void onDropped(long count) {
                    dropped.addAndGet(count);
                }
            };
            try (LiveStream live = server.client().live(EventQuery.builder().source("/test").build(), stuck)) {
                long withSubscriber = ingest(pusher, "b", events, content);

                assertThat(stalled.await(10, TimeUnit.SECONDS)).isTrue();
                long droppedWhileStalled = server.hub.dropped();
                System.out.printf("ingest of %d events: %d ms without a live client, %d ms with a stalled one; "
                        + "%d dropped for it meanwhile%n", events, withoutSubscriber, withSubscriber,
                        droppedWhileStalled);
                assertThat(droppedWhileStalled).as("the stalled client's queue overflowed while ingest went on")
                        .isGreaterThan(events / 2);
                assertThat(EventEndpointTest.ids(server)).hasSize(2 * events);

                resume.countDown();
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    assertThat(dropped.get()).isEqualTo(server.hub.dropped());
                    assertThat(delivered.get() + dropped.get()).isEqualTo(events);
                });
                assertThat(server.metrics.scrape()).contains("theia_live_dropped_total " + dropped.get() + ".0");
            }
        }
    }

    @Test
    void aSubscriberThatStopsReadingFallsBackToItsQueueAndLosesNothingUncounted() throws Exception {
        int liveQueue = 100;
        int total = 4_000;
        // 40 MB: more than the socket buffers between the server and a client that does not read can hold
        String content = "z".repeat(10_000);
        try (TestServer server = new TestServer(null, TestServer.config(null, null, null, liveQueue));
                RawSocket slow = RawSocket.upgraded("127.0.0.1", server.server.port(), "/live")) {
            slow.frame(1, "{}".getBytes(StandardCharsets.UTF_8));
            assertThat(slow.nextFrame()).isEqualTo("ok");
            List<String> fast = new CopyOnWriteArrayList<>();
            try (LiveStream stream = server.client().live(EventQuery.builder().build(), e -> fast.add(e.id()))) {
                await().until(() -> server.hub.subscribers() == 2);
                List<String> sent = new ArrayList<>();
                for (int batch = 0; batch < total / 100; batch++) {
                    List<Event> events = new ArrayList<>();
                    for (int i = 0; i < 100; i++) {
                        int n = batch * 100 + i;
                        events.add(event(String.format("s%06d", n), n, content));
                        sent.add(String.format("s%06d", n));
                    }
                    server.pipeline.deliver(events).toCompletableFuture().get(10, TimeUnit.SECONDS);
                    // the subscriber that reads keeps up; the one that does not read must not hold it up
                    int expected = sent.size();
                    await().atMost(Duration.ofSeconds(10)).until(() -> fast.size() == expected);
                }
                assertThat(fast).containsExactlyElementsOf(sent);
                assertThat(server.hub.dropped()).as("the silent subscriber's queue overflowed").isPositive();

                // now it reads: whatever reaches it is in order, once each, and the rest is announced as dropped
                List<String> received = new ArrayList<>();
                long dropped = 0;
                while (received.size() + dropped < total) {
                    Object frame = slow.nextFrame();
                    if (frame instanceof String text) {
                        assertThat(text).startsWith("{\"dropped\":");
                        dropped += Long.parseLong(text.replaceAll("\\D", ""));
                    } else {
                        received.add(FindEndpointTest.read(frame).id());
                    }
                }
                assertThat(received).isSorted().doesNotHaveDuplicates();
                assertThat(new HashSet<>(sent)).containsAll(received);
                assertThat(received.size() + dropped).isEqualTo(total);
                assertThat(dropped).isEqualTo(server.hub.dropped());
            }
        }
    }

    /** Pushes events in acknowledged batches of 100; returns how long until every one was acknowledged, in ms. */
    private static long ingest(EventPusher pusher, String prefix, int count, String content) throws Exception {
        long start = System.nanoTime();
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        List<Event> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            batch.add(event(prefix + i, i, content));
            if (batch.size() == 100) {
                acks.add(pusher.push(batch));
                batch = new ArrayList<>();
            }
        }
        for (CompletableFuture<Void> ack : acks) {
            ack.get(60, TimeUnit.SECONDS);
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
}
