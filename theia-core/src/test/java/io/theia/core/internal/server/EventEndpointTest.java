package io.theia.core.internal.server;

import static io.theia.api.testkit.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.theia.api.codec.EventWriter;
import io.theia.api.event.Event;
import io.theia.api.store.EventNotFoundException;
import io.theia.api.store.EventQuery;
import io.theia.api.store.EventsInDoubtException;
import io.theia.api.testkit.GatedStore;
import io.theia.api.testkit.InMemoryEventStore;
import io.theia.core.internal.client.CollectorException;
import io.theia.core.internal.client.EventPusher;
import io.theia.core.internal.client.PushOptions;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class EventEndpointTest {

    @Test
    void textAndBinaryMessagesWithOneOrSeveralEventsAreStoredWithoutReplies() throws Exception {
        try (TestServer server = new TestServer(new InMemoryEventStore()); RawClient raw = new RawClient()) {
            RawClient.Connection connection = raw.connect(server.uri("/event"));
            connection.sendText(text(event("t1", 1, "as text")));
            connection.sendBinary(bytes(event("b1", 2, "as binary")));
            connection.sendBinary(bytes(event("m1", 3, "first"), event("m2", 4, "second\nline")));
            connection.sendText(text(event("m3", 5, "with blank line between")) + "\n\n"
                    + text(event("m4", 6, "x")));

            await().untilAsserted(() -> assertThat(ids(server)).containsExactly("t1", "b1", "m1", "m2", "m3", "m4"));
            assertThat(server.store.get("m2").content()).isEqualTo("second\nline");
            assertThat(connection.received).isEmpty();
            assertThat(connection.isOpen()).isTrue();
        }
    }

    @Test
    void malformedMessageIsAnsweredWithAnErrorNothingOfItIsStoredAndTheConnectionStaysOpen() throws Exception {
        try (TestServer server = new TestServer(new InMemoryEventStore()); RawClient raw = new RawClient()) {
            RawClient.Connection connection = raw.connect(server.uri("/event"));

            connection.sendText("this is not an event");
            assertThat(connection.nextText()).startsWith("{\"error\": \"malformed event at byte offset 0: ");

            byte[] good = bytes(event("kept-out", 1, "valid, but in a bad message"));
            byte[] broken = "event: ten 5 5\nid:x\n".getBytes(StandardCharsets.UTF_8);
            connection.sendBinary(concat(good, broken));
            assertThat(connection.nextText()).startsWith("{\"error\": \"malformed event at byte offset "
                    + good.length + ": ");

            connection.sendText("");
            assertThat(connection.nextText())
                    .isEqualTo("{\"error\": \"the message holds no event\", \"code\": \"malformed\"}");

            connection.sendText(text(event("after", 2, "still served")));
            await().untilAsserted(() -> assertThat(ids(server)).containsExactly("after"));
            Assertions.assertThatThrownBy(() -> server.store.get("kept-out"))
                    .isInstanceOf(EventNotFoundException.class);
            assertThat(connection.isOpen()).isTrue();
            assertThat(server.metrics.scrape()).contains("theia_messages_rejected_total 3.0");
        }
    }

    @Test
    void acknowledgementComesOnlyAfterTheStoreMadeTheEventsDurable() throws Exception {
        GatedStore store = new GatedStore();
        try (TestServer server = new TestServer(store);
                EventPusher pusher = server.client().pusher(PushOptions.defaults(true))) {
            CompletableFuture<Void> acked = pusher.push(List.of(event("a", 1, "x"), event("b", 2, "y")));
            assertThat(store.saving.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Boolean> durableAtAck = acked.thenApply(
                    ignored -> store.durable.containsAll(Set.of("a", "b")));

            assertThat(acked).isNotDone();
            store.gate.countDown();

            assertThat(durableAtAck.get(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void everyAcknowledgedMessageGetsExactlyOneReplyNumberedInSendingOrder() throws Exception {
        try (TestServer server = new TestServer(new InMemoryEventStore()); RawClient raw = new RawClient()) {
            RawClient.Connection connection = raw.connect(server.uri("/event?ack=1"));
            int messages = 300;
            Set<Integer> broken = Set.of(7, 150, 299);
            for (int seq = 1; seq <= messages; seq++) {
                if (broken.contains(seq)) {
                    connection.sendText("garbage " + seq);
                } else {
                    connection.sendBinary(bytes(event("e" + seq, seq, "n")));
                }
            }
            connection.sendText(text(event("e1", 1, "duplicate id: the store refuses it")));

            List<String> replies = new ArrayList<>();
            for (int i = 0; i <= messages; i++) {
                replies.add(connection.nextText());
            }
            Set<Long> acked = new HashSet<>();
            Set<Long> refused = new HashSet<>();
            for (String reply : replies) {
                if (reply.startsWith("{\"ack\": ")) {
                    assertThat(reply).endsWith(", \"code\": \"stored\"}");
                    assertThat(acked.add(Long.parseLong(reply.replaceAll("\\D", "")))).as(reply).isTrue();
                } else {
                    assertThat(reply).startsWith("{\"error\": ");
                    long seq = Long.parseLong(reply.replaceAll(".*\"seq\": (\\d+),.*$", "$1"));
                    assertThat(refused.add(seq)).as(reply).isTrue();
                }
            }
            Set<Long> expectedAcks = Stream.iterate(1L, n -> n + 1).limit(messages)
                    .filter(n -> !broken.contains(n.intValue())).collect(Collectors.toSet());
            assertThat(acked).isEqualTo(expectedAcks);
            assertThat(refused).containsExactlyInAnyOrder(7L, 150L, 299L, 301L);
            assertThat(replies).filteredOn(reply -> reply.contains("\"seq\": 301,"))
                    .singleElement().asString().contains("events not stored").contains("e1")
                    .endsWith("\"code\": \"already_stored\"}");
            assertThat(replies).filteredOn(reply -> reply.contains("\"seq\": 7,"))
                    .singleElement().asString().endsWith("\"code\": \"malformed\"}");
            assertThat(connection.received.poll(200, TimeUnit.MILLISECONDS)).as("no further reply").isNull();
            assertThat(server.store.get("e300")).isNotNull();
        }
    }

    @Test
    void eventsAStoreCannotSayAreDurableAreRepliedToAsInDoubtNeverAsAlreadyStored() throws Exception {
        GatedStore store = new GatedStore() {
            @Override
            public CompletionStage<Void> whenDurable() {
                return CompletableFuture.failedFuture(new EventsInDoubtException("forcing failed: disk gone", null));
            }
        };
        try (TestServer server = new TestServer(store); RawClient raw = new RawClient()) {
            RawClient.Connection connection = raw.connect(server.uri("/event?ack=1"));
            connection.sendBinary(bytes(event("a", 1, "x")));
            assertThat(store.saving.await(10, TimeUnit.SECONDS)).isTrue();
            // delivered together once the first save returns
            connection.sendBinary(bytes(event("b", 2, "y")));
            connection.sendBinary(bytes(event("c", 3, "z")));
            await().untilAsserted(() -> assertThat(server.metrics.scrape())
                    .contains("theia_events_received_total 3.0"));
            store.gate.countDown();

            List<String> replies = List.of(connection.nextText(), connection.nextText(), connection.nextText());
            assertThat(replies).allSatisfy(reply -> assertThat(reply).startsWith("{\"error\": \"events may be stored: ")
                    .contains("disk gone").doesNotContain("already stored"));
            assertThat(replies).allSatisfy(reply -> assertThat(reply).endsWith(", \"code\": \"in_doubt\"}"));
            assertThat(replies).anySatisfy(reply -> assertThat(reply).contains("\"seq\": 3,"));
        }
    }

    @Test
    void clientPushFailsWithTheCollectorsErrorForARefusedMessage() throws Exception {
        try (TestServer server = new TestServer(new InMemoryEventStore());
                EventPusher pusher = server.client().pusher(PushOptions.defaults(true))) {
            pusher.push(event("same", 1, "x")).get(10, TimeUnit.SECONDS);

            CompletableFuture<Void> again = pusher.push(event("same", 2, "y"));

            Assertions.assertThatThrownBy(() -> again.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(CollectorException.class)
                    .hasMessageContaining("refused message 2").hasMessageContaining("same");
            pusher.push(event("other", 3, "z")).get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void oversizedMessageClosesTheConnectionWith1009AndNothingOfItIsStored() throws Exception {
        try (TestServer server = new TestServer(new InMemoryEventStore(), TestServer.config(4096L, null, null, null));
                RawClient raw = new RawClient()) {
            RawClient.Connection big = raw.connect(server.uri("/event"));
            RawClient.Connection other = raw.connect(server.uri("/event"));

            big.sendBinary(bytes(event("too-big", 1, "x".repeat(5000))));

            assertThat(big.awaitClose()).isEqualTo(1009);
            other.sendBinary(bytes(event("small", 2, "fits")));
            await().untilAsserted(() -> assertThat(ids(server)).containsExactly("small"));
            assertThat(other.isOpen()).isTrue();
        }
    }

    @Test
    void batchesLargerThanOneMessageAreSplitAndAllAcknowledged() throws Exception {
        try (TestServer server = new TestServer(new InMemoryEventStore());
                EventPusher pusher = server.client().pusher(new PushOptions(true, 2000, 4))) {
            List<Event> events = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                events.add(event("s" + i, i, "content " + i));
            }

            pusher.push(events).get(20, TimeUnit.SECONDS);

            assertThat(ids(server)).hasSize(500);
            assertThat(server.metrics.scrape()).contains("theia_events_received_total 500.0");
        }
    }

    static List<String> ids(TestServer server) {
        try (Stream<Event> events = server.store.search(EventQuery.all())) {
            return events.map(Event::id).toList();
        }
    }

    static String text(Event event) {
        return new String(EventWriter.toBytes(event), StandardCharsets.UTF_8);
    }

    static byte[] bytes(Event... events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Event event : events) {
            out.writeBytes(EventWriter.toBytes(event));
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[] first, byte[] second) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(first);
        out.writeBytes(second);
        return out.toByteArray();
    }
}
