package io.theia.core.internal.server;

import static io.theia.api.testkit.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.theia.api.codec.EventWriter;
import io.theia.api.store.EventsInDoubtException;
import io.theia.api.testkit.DelegatingEventStore;
import io.theia.api.testkit.InMemoryEventStore;
import io.theia.core.internal.client.EventPusher;
import io.theia.core.internal.client.PushOptions;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code {"ack": N}} means "on stable storage" whatever the store's mode: the collector holds it until the store's
 * {@code whenDurable} completes, while connections without acknowledgements do not wait for it.
 */
class DurableAcknowledgementTest {

    /** A store that saves at once but is durable only when the test says so, like a buffered store. */
    static final class BufferedStore extends DelegatingEventStore {
        final List<CompletableFuture<Void>> durability = new CopyOnWriteArrayList<>();

        BufferedStore() {
            super(new InMemoryEventStore());
        }

        @Override
        public CompletionStage<Void> whenDurable() {
            CompletableFuture<Void> durable = new CompletableFuture<>();
            durability.add(durable);
            return durable;
        }
    }

    @Test
    void theAcknowledgementWaitsForTheStoreToForceTheSavedEvents() throws Exception {
        BufferedStore store = new BufferedStore();
        try (TestServer server = new TestServer(store);
                EventPusher pusher = server.client().pusher(PushOptions.defaults(true))) {
            CompletableFuture<Void> acked = pusher.push(List.of(event("a", 1, "x"), event("b", 2, "y")));
            await().until(() -> !store.durability.isEmpty());

            assertThat(store.get("b").content()).isEqualTo("y");
            assertThat(acked).as("no ack before the store is durable").isNotDone();
            store.durability.forEach(durable -> durable.complete(null));
            acked.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void connectionsWithoutAcknowledgementsDoNotMakeTheStoreFlush() throws Exception {
        BufferedStore store = new BufferedStore();
        try (TestServer server = new TestServer(store); RawClient raw = new RawClient()) {
            RawClient.Connection connection = raw.connect(server.uri("/event"));
            for (int i = 0; i < 20; i++) {
                connection.sendText(new String(EventWriter.toBytes(event("e" + i, i, "x")), StandardCharsets.UTF_8));
            }

            await().untilAsserted(() -> assertThat(store.get("e19").content()).isEqualTo("x"));
            assertThat(store.durability).isEmpty();
        }
    }

    @Test
    void theNextMessageIsSavedWhileTheLastIsForcedAndAcknowledgementsStayInOrder() throws Exception {
        BufferedStore store = new BufferedStore();
        try (TestServer server = new TestServer(store); RawClient raw = new RawClient()) {
            RawClient.Connection connection = raw.connect(server.uri("/event?ack=1"));
            connection.sendBinary(EventEndpointTest.bytes(event("a", 1, "x")));
            await().until(() -> store.durability.size() == 1);

            connection.sendBinary(EventEndpointTest.bytes(event("b", 2, "y")));
            await("message 2 saved while message 1 is still being forced")
                    .until(() -> store.durability.size() == 2);
            assertThat(store.get("b").content()).isEqualTo("y");

            store.durability.get(1).complete(null);
            assertThat(connection.received.poll(200, TimeUnit.MILLISECONDS))
                    .as("no acknowledgement of message 2 before message 1's").isNull();
            store.durability.get(0).complete(null);
            assertThat(connection.nextText()).isEqualTo("{\"ack\": 1, \"code\": \"stored\"}");
            assertThat(connection.nextText()).isEqualTo("{\"ack\": 2, \"code\": \"stored\"}");
        }
    }

    @Test
    void messagesSavedWhileAnEarlierOneFailsToBecomeDurableAreNeverAcknowledged() throws Exception {
        BufferedStore store = new BufferedStore();
        try (TestServer server = new TestServer(store); RawClient raw = new RawClient()) {
            RawClient.Connection connection = raw.connect(server.uri("/event?ack=1"));
            connection.sendBinary(EventEndpointTest.bytes(event("a", 1, "x")));
            await().until(() -> store.durability.size() == 1);
            connection.sendBinary(EventEndpointTest.bytes(event("b", 2, "y")));
            await().until(() -> store.durability.size() == 2);

            // the store reports message 2 durable first, then fails to force message 1
            store.durability.get(1).complete(null);
            store.durability.get(0).completeExceptionally(new EventsInDoubtException("forcing failed: disk gone", null));

            String first = connection.nextText();
            String second = connection.nextText();
            assertThat(first).startsWith("{\"error\": \"events may be stored: ").contains("disk gone")
                    .endsWith("\"seq\": 1, \"code\": \"in_doubt\"}");
            assertThat(second).startsWith("{\"error\": \"events may be stored: ").contains("disk gone")
                    .endsWith("\"seq\": 2, \"code\": \"in_doubt\"}");

            // saved after the failure was known: acknowledged once durable, as usual
            connection.sendBinary(EventEndpointTest.bytes(event("c", 3, "z")));
            await().until(() -> store.durability.size() == 3);
            store.durability.get(2).complete(null);
            assertThat(connection.nextText()).isEqualTo("{\"ack\": 3, \"code\": \"stored\"}");
            assertThat(connection.isOpen()).isTrue();
        }
    }
}
