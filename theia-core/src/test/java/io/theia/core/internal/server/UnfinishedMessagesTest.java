package io.theia.core.internal.server;

import static io.theia.api.testkit.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.theia.api.testkit.GatedStore;
import io.theia.api.testkit.InMemoryEventStore;
import io.theia.core.internal.client.EventPusher;
import io.theia.core.internal.client.PushOptions;
import io.theia.core.internal.config.ServerConfig;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Messages that arrive in pieces: assembled, bounded by a server-wide budget, and timed out when they stall. */
class UnfinishedMessagesTest {

    private static final int BINARY = 2;
    private static final int CONTINUATION = 0;

    private static ServerConfig config(long maxMessageBytes, long budget, Duration stall) {
        return new ServerConfig("127.0.0.1", 0, maxMessageBytes, null, null, true, null, null, null, null, null,
                null, budget, stall);
    }

    @Test
    void aMessageInSeveralFramesIsStoredWholeAndOneBeyondMaxMessageBytesClosesWith1009() throws Exception {
        try (TestServer server = new TestServer(new InMemoryEventStore(), config(64 * 1024, 1 << 20,
                Duration.ofSeconds(30)))) {
            byte[] message = EventEndpointTest.bytes(event("pieces", 1, "x".repeat(40_000)));
            try (RawSocket pusher = RawSocket.upgraded("127.0.0.1", server.server.port(), "/event")) {
                int half = message.length / 2;
                pusher.frameHeader(BINARY, false, half);
                pusher.write(Arrays.copyOfRange(message, 0, half));
                pusher.frameHeader(CONTINUATION, true, message.length - half);
                pusher.write(Arrays.copyOfRange(message, half, message.length));
                await().untilAsserted(() -> assertThat(EventEndpointTest.ids(server)).containsExactly("pieces"));

                pusher.frameHeader(BINARY, false, 40_000);
                pusher.write(new byte[40_000]);
                pusher.frameHeader(CONTINUATION, true, 40_000);
                pusher.write(new byte[40_000]);
                assertThat(pusher.awaitClose(5_000)).isEqualTo(1009);
            }
        }
    }

    @Test
    void aMessageThatStallsMidFrameIsClosedWith1008AfterTheStallTimeout() throws Exception {
        try (TestServer server = new TestServer(new InMemoryEventStore(), config(16 << 20, 64 << 20,
                Duration.ofMillis(500)))) {
            try (RawSocket stalled = RawSocket.upgraded("127.0.0.1", server.server.port(), "/event")) {
                stalled.frameHeader(BINARY, true, 8 << 20);
                stalled.write(new byte[1000]);
                long started = System.nanoTime();

                assertThat(stalled.awaitClose(5_000)).isEqualTo(1008);
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofMillis(400));
            }
            assertThat(server.metrics.scrape()).contains("theia_messages_abandoned_total 1.0");
        }
    }

    /**
     * Whole messages waiting for the store count against the same budget: with the store stalled, a connection stops
     * being read once the budget is spent (before, up to 1024 messages or 16 MiB per connection were read, whatever
     * the others held), and reads on, losing nothing, once the store takes them.
     */
    @Test
    void messagesWaitingForTheStoreSpendTheBudgetAndReadingPausesUntilTheyAreStored() throws Exception {
        GatedStore store = new GatedStore();
        try (TestServer server = new TestServer(store, config(1 << 20, 64 * 1024, Duration.ofSeconds(30)))) {
            try (EventPusher first = server.client().pusher(PushOptions.defaults(true));
                    EventPusher second = server.client().pusher(PushOptions.defaults(true))) {
                List<java.util.concurrent.CompletableFuture<Void>> pushed = new java.util.ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    pushed.add(first.push(List.of(event("first-" + i, i, "x".repeat(10_000)))));
                    pushed.add(second.push(List.of(event("second-" + i, i, "y".repeat(10_000)))));
                }
                assertThat(store.saving.await(10, TimeUnit.SECONDS)).isTrue();
                await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                        assertThat(received(server)).isBetween(1.0, 10.0));

                store.gate.countDown();
                for (var push : pushed) {
                    push.get(30, TimeUnit.SECONDS);
                }
            }
            assertThat(EventEndpointTest.ids(server)).hasSize(40);
        }
    }

    private static double received(TestServer server) {
        return server.metrics.get("theia.events.received").counter().count();
    }

    @Test
    void unfinishedMessagesBeyondTheServersBudgetAreRefusedWith1013WhileWholeMessagesAreStillServed()
            throws Exception {
        try (TestServer server = new TestServer(new InMemoryEventStore(), config(16 << 20, 1 << 20,
                Duration.ofSeconds(30)))) {
            RawSocket first = RawSocket.upgraded("127.0.0.1", server.server.port(), "/event");
            RawSocket second = RawSocket.upgraded("127.0.0.1", server.server.port(), "/event");
            try (first; second) {
                first.frameHeader(BINARY, true, 4 << 20);
                first.write(new byte[700 * 1024]);
                assertThat(first.closedWithin(300)).isFalse();
                second.frameHeader(BINARY, true, 4 << 20);
                second.write(new byte[700 * 1024]);

                assertThat(second.awaitClose(5_000)).isEqualTo(1013);
                assertThat(first.closedWithin(200)).isFalse();
                try (EventPusher pusher = server.client().pusher(PushOptions.defaults(true))) {
                    pusher.push(List.of(event("served", 1, "while the budget is held"))).get(10, TimeUnit.SECONDS);
                }
                assertThat(EventEndpointTest.ids(server)).containsExactly("served");
            }
            assertThat(server.metrics.scrape()).contains("theia_messages_abandoned_total 1.0");
        }
    }

    @Test
    void consecutiveMessagesInPiecesOfChangingSizesAreEachStoredExactly() throws Exception {
        try (TestServer server = new TestServer(new InMemoryEventStore(), config(1 << 20, 8 << 20,
                Duration.ofSeconds(30)))) {
            int[] sizes = {70_000, 5_000, 200_000, 30_000};
            try (RawSocket pusher = RawSocket.upgraded("127.0.0.1", server.server.port(), "/event")) {
                for (int m = 0; m < sizes.length; m++) {
                    byte[] message = EventEndpointTest.bytes(event("m" + m, m + 1, content(m, sizes[m])));
                    int third = message.length / 3;
                    pusher.frameHeader(BINARY, false, third);
                    pusher.write(Arrays.copyOfRange(message, 0, third));
                    pusher.frameHeader(CONTINUATION, false, third);
                    pusher.write(Arrays.copyOfRange(message, third, 2 * third));
                    pusher.frameHeader(CONTINUATION, true, message.length - 2 * third);
                    pusher.write(Arrays.copyOfRange(message, 2 * third, message.length));
                }
                await().untilAsserted(() -> assertThat(EventEndpointTest.ids(server)).hasSize(sizes.length));
            }
            for (int m = 0; m < sizes.length; m++) {
                assertThat(server.store.get("m" + m).content()).isEqualTo(content(m, sizes[m]));
            }
        }
    }

    private static String content(int message, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) ('a' + (i * 7 + message) % 26));
        }
        return text.toString();
    }
}
