package io.theia.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import io.theia.api.testkit.TestEvents;
import io.theia.core.internal.client.CollectorClient;
import io.theia.core.internal.client.CollectorException;
import io.theia.core.internal.client.EventPusher;
import io.theia.core.internal.client.LiveListener;
import io.theia.core.internal.client.LiveStream;
import io.theia.core.internal.client.PushOptions;
import io.theia.core.internal.config.Configuration;
import io.theia.core.internal.plugins.HostServices;
import io.theia.core.internal.runtime.CollectorRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /live} and {@code /find} through a collector whose store is {@code federated} over two real collectors, the
 * second reached through a {@link TcpProxy} so that it can go away and come back on the same address: events
 * ingested at either peer reach the federated collector's {@code /live} subscribers, filtered by their criteria, with
 * our client and with the npm {@code ws} client; a peer that goes away fails the stream naming it, unless the
 * criteria accepted partial results, which then get the other peer's events, a notice naming the missing peer, and,
 * once it is back, a notice that it is and its events again.
 */
class FederatedLiveTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private PeerCollectors peers;
    private TcpProxy proxy;
    private CollectorRuntime federated;
    private CollectorClient client;
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        peers = PeerCollectors.start(dir, 2);
        proxy = new TcpProxy();
        proxy.target(peers.addresses().get(1));
        Path file = dir.resolve("federated.yaml");
        Files.writeString(file, """
                store: {type: federated, peers: ['%s', '%s'], connectTimeoutMillis: 3000, liveRetryMillis: 100}
                server: {host: 127.0.0.1, port: 0, liveQueue: 100}
                stateDir: %s
                """.formatted(peers.addresses().get(0), secondPeer(), dir.resolve("state-federated")));
        federated = CollectorRuntime.start(Configuration.load(file, Map.of(), Map.of()), HostServices.named("federated"));
        client = CollectorClient.of("127.0.0.1", federated.server().orElseThrow().port());
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        if (client != null) {
            client.close();
        }
        if (federated != null) {
            federated.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (peers != null) {
            peers.close();
        }
    }

    @Test
    void ourClientReceivesTheMatchingEventsIngestedAtEitherPeer() throws Exception {
        Received received = new Received();
        closing.add(client.live(EventQuery.builder().tags("keep").build(), received));

        push(0, TestEvents.event("a0", 1, "x", "keep"), TestEvents.event("b0", 2, "x", "other"),
                TestEvents.event("c0", 3, "x", "keep"));
        push(1, TestEvents.event("a1", 1, "y", "keep"), TestEvents.event("b1", 2, "y"),
                TestEvents.event("c1", 3, "y", "keep"));

        await().atMost(WAIT).until(() -> received.ids().containsAll(List.of("c0", "c1")));
        assertThat(received.ids()).containsExactlyInAnyOrder("a0", "c0", "a1", "c1");
        assertThat(received.ids()).containsSubsequence("a0", "c0").containsSubsequence("a1", "c1");
        // the criteria went to the peers, which filter: each holds the federated collector's subscription
        assertThat(peers.get(0).liveHub().subscribers()).isEqualTo(1);
        assertThat(peers.get(1).liveHub().subscribers()).isEqualTo(1);
    }

    @Test
    void aSubscriberThatFallsBehindLosesPeerEventsCountedInTheDroppedNoticeWithoutHoldingThePeersBack()
            throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        AtomicLong dropped = new AtomicLong();
        List<String> events = new CopyOnWriteArrayList<>();
        closing.add(client.live(EventQuery.builder().tags("keep").build(), new LiveListener() {
            @Override
            public void onEvent(Event event) {
                events.add(event.id());
                try {
                    held.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void onDropped(long count) {
                dropped.addAndGet(count);
            }
        }));
        String content = "x".repeat(1000);
        List<Event> batch = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            batch.add(TestEvents.event(String.format("e%05d", i), i, content, "keep"));
            if (batch.size() == 1000) {
                push(0, batch.toArray(Event[]::new));
                batch.clear();
            }
        }
        push(1, TestEvents.event("other", 1, "y"));

        await().atMost(WAIT).until(() -> federated.liveHub().dropped() > 0);
        held.countDown();

        await().atMost(WAIT).until(() -> events.size() + dropped.get() == 20_000);
        assertThat(dropped.get()).isEqualTo(federated.liveHub().dropped());
        assertThat(events).isSorted();
    }

    @Test
    void theNodeWsClientReceivesTheMatchingEventsOfBothPeers() throws Exception {
        NodeWsStream node = node("/live", "{\"tags\": [\"keep\"], \"order\": \"asc\"}");
        assertThat(node.nextText(WAIT)).isEqualTo("ok");

        push(1, TestEvents.event("a1", 1, "y ✓", "keep"), TestEvents.event("b1", 2, "y"));
        push(0, TestEvents.event("b0", 2, "x"), TestEvents.event("a0", 1, "x", "keep"));

        List<Event> events = node.nextEvents(2, WAIT);
        assertThat(events).extracting(Event::id).containsExactlyInAnyOrder("a0", "a1");
        assertThat(events).filteredOn(event -> event.id().equals("a1")).singleElement()
                .isEqualTo(TestEvents.event("a1", 1, "y ✓", "keep"));
    }

    @Test
    void aPeerThatGoesAwayFailsTheStreamNamingItAndANewStreamWorksOnceItIsBack() throws Exception {
        Received received = new Received();
        closing.add(client.live(EventQuery.all(), received));
        push(1, TestEvents.event("a1", 1, "y"));
        await().atMost(WAIT).until(() -> received.ids().contains("a1"));

        proxy.cut();

        Throwable failure = received.closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(failure).isInstanceOf(CollectorException.class).hasMessageContaining("live failed")
                .hasMessageContaining("peer collector " + secondPeer());
        assertThatThrownBy(() -> client.live(EventQuery.all(), new Received()))
                .isInstanceOf(CollectorException.class).hasMessageContaining("peer collector " + secondPeer());

        proxy.restore();

        Received again = new Received();
        closing.add(client.live(EventQuery.all(), again));
        push(1, TestEvents.event("b1", 2, "y"));
        push(0, TestEvents.event("b0", 2, "x"));
        await().atMost(WAIT).until(() -> again.ids().containsAll(List.of("b0", "b1")));
    }

    @Test
    void withPartialResultsTheOtherPeersEventsFlowWithNoticesUntilTheMissingPeerIsBack() throws Exception {
        NodeWsStream node = node("/live", "{\"tags\": [\"keep\"], \"partial\": true}");
        assertThat(node.nextText(WAIT)).isEqualTo("ok");
        push(1, TestEvents.event("a1", 1, "y", "keep"));
        assertThat(node.nextEvents(1, WAIT)).extracting(Event::id).containsExactly("a1");

        proxy.cut();

        JsonNode missing = JSON.readTree(node.nextText(WAIT));
        assertThat(missing.get("code").asText()).isEqualTo("partial");
        assertThat(missing.get("missing")).containsExactly(JSON.getNodeFactory().textNode(secondPeer()));
        assertThat(missing.get("notice").asText()).contains("peer collector " + secondPeer());
        push(0, TestEvents.event("b0", 2, "x", "keep"), TestEvents.event("c0", 3, "x"));
        push(1, TestEvents.event("lost1", 2, "y", "keep"));
        assertThat(node.nextEvents(1, WAIT)).extracting(Event::id).containsExactly("b0");

        proxy.restore();

        JsonNode back = JSON.readTree(node.nextText(WAIT));
        assertThat(back.get("code").asText()).isEqualTo("complete");
        assertThat(back.get("missing")).isEmpty();
        push(1, TestEvents.event("d1", 4, "y", "keep"));
        push(0, TestEvents.event("d0", 4, "x", "keep"));
        assertThat(node.nextEvents(2, WAIT)).extracting(Event::id).containsExactlyInAnyOrder("d0", "d1");
        assertThat(node.hasMore()).as("'lost1' came while the peer was missing: not recovered").isFalse();
    }

    @Test
    void aPartialSubscriptionStartedWhileAPeerIsDownIsConfirmedWithANoticeAndAStrictOneFails() throws Exception {
        proxy.cut();

        NodeWsStream strict = node("/live", "{}");
        JsonNode error = JSON.readTree(strict.nextText(WAIT));
        assertThat(error.get("error").asText()).startsWith("live failed: peer collector " + secondPeer());
        assertThat(strict.next(WAIT).get("close").asInt()).isEqualTo(1011);

        NodeWsStream partial = node("/live", "{\"partial\": true}");
        assertThat(partial.nextText(WAIT)).isEqualTo("ok");
        JsonNode notice = JSON.readTree(partial.nextText(WAIT));
        assertThat(notice.get("code").asText()).isEqualTo("partial");
        assertThat(notice.get("missing")).containsExactly(JSON.getNodeFactory().textNode(secondPeer()));
        push(0, TestEvents.event("a0", 1, "x"));
        assertThat(partial.nextEvents(1, WAIT)).extracting(Event::id).containsExactly("a0");

        proxy.restore();

        assertThat(JSON.readTree(partial.nextText(WAIT)).get("code").asText()).isEqualTo("complete");
        push(1, TestEvents.event("a1", 1, "y"));
        assertThat(partial.nextEvents(1, WAIT)).extracting(Event::id).containsExactly("a1");
    }

    @Test
    void findWithAPeerDownFailsNamingItOrWithPartialGivesTheOtherPeersEventsAndANotice() throws Exception {
        push(0, TestEvents.event("a0", 1, "x"), TestEvents.event("b0", 3, "x"));
        push(1, TestEvents.event("a1", 2, "y"));
        proxy.cut();

        NodeWsStream strict = node("/find", "{}");
        assertThat(strict.nextText(WAIT)).isEqualTo("ok");
        assertThat(JSON.readTree(strict.nextText(WAIT)).get("error").asText())
                .startsWith("search failed: peer collector " + secondPeer());
        assertThat(strict.next(WAIT).get("close").asInt()).isEqualTo(1011);

        NodeWsStream partial = node("/find", "{\"partial\": true, \"order\": \"desc\"}");
        assertThat(partial.nextText(WAIT)).isEqualTo("ok");
        assertThat(partial.nextEvents(2, WAIT)).extracting(Event::id).containsExactly("b0", "a0");
        JsonNode notice = JSON.readTree(partial.nextText(WAIT));
        assertThat(notice.get("code").asText()).isEqualTo("partial");
        assertThat(notice.get("missing")).containsExactly(JSON.getNodeFactory().textNode(secondPeer()));
        assertThat(notice.get("notice").asText()).contains("peer collector " + secondPeer());
        assertThat(partial.next(WAIT).get("close").asInt()).isEqualTo(1000);

        proxy.restore();

        assertThat(client.findAll(EventQuery.all())).extracting(Event::id).containsExactly("a0", "a1", "b0");
    }

    private String secondPeer() {
        return "127.0.0.1:" + proxy.port();
    }

    private NodeWsStream node(String path, String criteria) throws Exception {
        NodeWsStream stream = NodeWsStream.open(client.uri().resolve(path).toString(), criteria);
        closing.add(stream);
        return stream;
    }

    /** Pushes events to a peer's {@code /event} and waits for their acknowledgement. */
    private void push(int peer, Event... events) throws Exception {
        String[] address = peers.addresses().get(peer).split(":");
        try (CollectorClient pushing = CollectorClient.of(address[0], Integer.parseInt(address[1]));
                EventPusher pusher = pushing.pusher(PushOptions.defaults(true))) {
            pusher.push(List.of(events)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    /** What a {@code /live} stream of our client received. */
    private static final class Received implements LiveListener {
        final List<Event> events = new CopyOnWriteArrayList<>();
        final CompletableFuture<Throwable> closed = new CompletableFuture<>();

        @Override
        public void onEvent(Event event) {
            events.add(event);
        }

        @Override
        public void onClosed(Throwable failure) {
            closed.complete(failure);
        }

        List<String> ids() {
            return events.stream().map(Event::id).toList();
        }
    }
}
