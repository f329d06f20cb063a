package io.theia.core.internal.server;

import static io.theia.api.testkit.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.theia.api.codec.EventReader;
import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import io.theia.api.store.EventReadException;
import io.theia.api.store.EventStoreException;
import io.theia.api.store.LiveFeed;
import io.theia.api.store.PartialNotice;
import io.theia.api.testkit.DelegatingEventStore;
import io.theia.api.testkit.InMemoryEventStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * {@code /live} on a collector whose store offers a {@link LiveFeed} (as the {@code federated} store does): a feed
 * that the test drives by hand stands for the peers.
 */
class LiveFeedEndpointTest {

    @Test
    void okWaitsForTheFeedAndTheFeedsEventsFollowTheHubsRules() throws Exception {
        FeedingStore store = new FeedingStore();
        try (TestServer server = new TestServer(store); RawClient raw = new RawClient()) {
            RawClient.Connection live = raw.connect(server.uri("/live"));
            live.sendText("{\"tags\": [\"a\"]}");
            Subscriber subscriber = store.next();
            assertThat(subscriber.criteria).isEqualTo(EventQuery.builder().tags("a").build());

            subscriber.listener.onEvents(List.of(event("early", 1, "x", "a")));
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(live.received::isEmpty);
            subscriber.listener.onReady();

            assertThat(live.nextText()).isEqualTo("ok");
            assertThat(eventIn(live.next()).id()).isEqualTo("early");
            subscriber.listener.onEvents(List.of(event("other", 2, "x", "b"), event("match", 3, "x", "a")));
            server.pipeline.deliver(List.of(event("own", 4, "x", "a"))).toCompletableFuture().get(10,
                    TimeUnit.SECONDS);
            assertThat(eventIn(live.next()).id()).isEqualTo("match");
            assertThat(eventIn(live.next()).id()).isEqualTo("own");

            live.close();
            await().untilTrue(subscriber.closed);
            await().until(() -> server.hub.subscribers() == 0);
        }
    }

    @Test
    void aFeedThatFailsEndsTheStreamWithAnErrorNamingThePeerAndCloseCode1011() throws Exception {
        FeedingStore store = new FeedingStore();
        try (TestServer server = new TestServer(store); RawClient raw = new RawClient()) {
            RawClient.Connection live = raw.connect(server.uri("/live"));
            live.sendText("{}");
            Subscriber subscriber = store.next();
            subscriber.listener.onReady();
            assertThat(live.nextText()).isEqualTo("ok");

            subscriber.listener.onFailure(new EventReadException("peer collector b:6433 ended the live stream"));

            assertThat(live.nextText())
                    .isEqualTo("{\"error\": \"live failed: peer collector b:6433 ended the live stream\"}");
            assertThat(live.awaitClose()).isEqualTo(1011);
            await().untilTrue(subscriber.closed);
            await().until(() -> server.hub.subscribers() == 0);
        }
    }

    @Test
    void aFeedThatRefusesToSubscribeEndsTheStreamWithAnError() throws Exception {
        DelegatingEventStore store = new DelegatingEventStore(new InMemoryEventStore()) {
            @Override
            public Optional<LiveFeed> liveFeed() {
                return Optional.of((criteria, listener) -> {
                    throw new EventStoreException("the federated store is closed");
                });
            }
        };
        try (TestServer server = new TestServer(store); RawClient raw = new RawClient()) {
            RawClient.Connection live = raw.connect(server.uri("/live"));
            live.sendText("{}");

            assertThat(live.nextText()).isEqualTo("{\"error\": \"live failed: the store's live feed refused the "
                    + "subscription: the federated store is closed\"}");
            assertThat(live.awaitClose()).isEqualTo(1011);
            await().until(() -> server.hub.subscribers() == 0);
        }
    }

    @Test
    void peerDropsAreAddedToTheDroppedNotice() throws Exception {
        FeedingStore store = new FeedingStore();
        try (TestServer server = new TestServer(store); RawClient raw = new RawClient()) {
            RawClient.Connection live = raw.connect(server.uri("/live"));
            live.sendText("{}");
            Subscriber subscriber = store.next();
            subscriber.listener.onReady();
            assertThat(live.nextText()).isEqualTo("ok");

            subscriber.listener.onDropped(7);

            assertThat(live.nextText()).isEqualTo("{\"dropped\": 7}");
        }
    }

    @Test
    void withPartialResultsANoticeBeforeOkFollowsItAndLaterOnesComeAtOnce() throws Exception {
        FeedingStore store = new FeedingStore();
        try (TestServer server = new TestServer(store); RawClient raw = new RawClient()) {
            RawClient.Connection live = raw.connect(server.uri("/live"));
            live.sendText("{\"partial\": true}");
            Subscriber subscriber = store.next();
            assertThat(subscriber.criteria.partial()).isTrue();

            subscriber.criteria.report(new PartialNotice(List.of("a:1"), "first"));
            subscriber.criteria.report(new PartialNotice(List.of("a:1", "b:2"), "peer collector b:2 is unreachable"));
            subscriber.listener.onReady();

            assertThat(live.nextText()).isEqualTo("ok");
            assertThat(live.nextText()).isEqualTo("{\"notice\": \"peer collector b:2 is unreachable\", \"code\": "
                    + "\"partial\", \"missing\": [\"a:1\", \"b:2\"]}");
            subscriber.criteria.report(new PartialNotice(List.of(), "peer collector a:1 is back"));
            assertThat(live.nextText()).isEqualTo("{\"notice\": \"peer collector a:1 is back\", \"code\": "
                    + "\"complete\", \"missing\": []}");
        }
    }

    @Test
    void withoutPartialResultsTheFeedsNoticesAreNotSent() throws Exception {
        FeedingStore store = new FeedingStore();
        try (TestServer server = new TestServer(store); RawClient raw = new RawClient()) {
            RawClient.Connection live = raw.connect(server.uri("/live"));
            live.sendText("{}");
            Subscriber subscriber = store.next();
            subscriber.criteria.report(new PartialNotice(List.of("a:1"), "a store that should not have said this"));
            subscriber.listener.onReady();
            assertThat(live.nextText()).isEqualTo("ok");

            subscriber.listener.onEvents(List.of(event("e", 1, "x")));

            assertThat(eventIn(live.next()).id()).as("the next frame is the event, not a notice").isEqualTo("e");
        }
    }

    private static Event eventIn(Object frame) throws Exception {
        byte[] bytes = (byte[]) frame;
        try (EventReader reader = EventReader.of(bytes, 0, bytes.length)) {
            return reader.read();
        }
    }

    /** An in-memory store whose live feed hands each subscription to the test. */
    private static final class FeedingStore extends DelegatingEventStore {
        private final BlockingQueue<Subscriber> subscribers = new LinkedBlockingQueue<>();

        FeedingStore() {
            super(new InMemoryEventStore());
        }

        @Override
        public Optional<LiveFeed> liveFeed() {
            return Optional.of((criteria, listener) -> {
                Subscriber subscriber = new Subscriber(criteria, listener);
                subscribers.add(subscriber);
                return () -> subscriber.closed.set(true);
            });
        }

        Subscriber next() throws InterruptedException {
            Subscriber subscriber = subscribers.poll(10, TimeUnit.SECONDS);
            assertThat(subscriber).as("the collector subscribed to the feed").isNotNull();
            return subscriber;
        }
    }

    private record Subscriber(EventQuery criteria, LiveFeed.Listener listener, AtomicBoolean closed) {
        Subscriber(EventQuery criteria, LiveFeed.Listener listener) {
            this(criteria, listener, new AtomicBoolean());
        }
    }
}
