package io.theia.core.server;

import static io.theia.api.testkit.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.theia.api.codec.EventWriter;
import io.theia.api.testkit.DelegatingEventStore;
import io.theia.api.testkit.InMemoryEventStore;
import io.theia.core.client.EventPusher;
import io.theia.core.client.PushOptions;
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
}
