package io.theia.core.internal.server;

import static io.theia.api.testkit.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import io.theia.api.testkit.InMemoryEventStore;
import io.theia.core.internal.client.EventPusher;
import io.theia.core.internal.client.PushOptions;
import io.theia.core.internal.config.ServerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 15's take-down inputs against a real collector with small limits: each attack comes from other loopback
 * addresses (127.0.0.2, 127.0.0.3) with more connections than {@code maxConnectionsPerAddress} allows, and while it
 * runs and after it, {@code GET /health} answers 200 and a well-behaved client on 127.0.0.1 pushes an event with
 * acknowledgement and finds it again.
 */
class AbuseTest {

    private static final int PER_ADDRESS = 8;
    private static final int ATTACKERS = 20;
    private static final int STORED = 20_000;
    private static final int TEXT = 1;
    private static final int BINARY = 2;

    private final AtomicInteger served = new AtomicInteger();
    private final List<RawSocket> attack = new ArrayList<>();
    private TestServer server;

    @BeforeEach
    void start() {
        ServerConfig config = new ServerConfig("127.0.0.1", 0, 4L << 20, 256, Duration.ofMinutes(30), true, null,
                null, null, null, Duration.ofSeconds(1), PER_ADDRESS, 2L << 20, Duration.ofSeconds(1));
        InMemoryEventStore store = new InMemoryEventStore();
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < STORED; i++) {
            events.add(event("stored-" + i, i, "stored event " + i));
        }
        store.saveAll(events);
        server = new TestServer(store, config);
    }

    @AfterEach
    void stop() throws IOException {
        endAttack();
        server.close();
    }

    @Test
    void tinyNumberInCriteriaOnManyConnections() throws Exception {
        attackWithCriteria("{\"start\": 1e-100000000}");
    }

    @Test
    void hugeNumberInCriteria() throws Exception {
        attackWithCriteria("{\"start\": 1e+1000000}");
    }

    @Test
    void literalPatternOf128kCharacters() throws Exception {
        attackWithCriteria("{\"content\": \"" + "a".repeat(128 * 1024) + "\"}");
    }

    @Test
    void nestedCountedRepetitions() throws Exception {
        attackWithCriteria("{\"content\": \"((a{100}){100}){100}\"}");
        endAttack();
        attackWithCriteria("{\"content\": \"((((a{100}){100}){100}){100}){100}\"}");
    }

    @Test
    void unfinishedLargeMessagesOnManyEventConnections() throws Exception {
        for (String from : List.of("127.0.0.2", "127.0.0.3")) {
            for (int i = 0; i < ATTACKERS; i++) {
                RawSocket socket = upgradedOrNull(from, "/event");
                if (socket != null) {
                    try {
                        socket.frameHeader(BINARY, true, 3L << 20);
                        socket.write(new byte[512 * 1024]);
                    } catch (IOException refused) {
                        // closed by the budget already
                    }
                }
            }
        }
        assertServed();
        for (RawSocket socket : attack) {
            assertThat(socket.closedWithin(5_000)).as("closed by the budget or the stall timeout").isTrue();
        }
        assertServed();
        assertThat(metric("theia_messages_abandoned_total")).isGreaterThanOrEqualTo(PER_ADDRESS * 2);
    }

    @Test
    void connectionsThatNeverFinishTheUpgrade() throws Exception {
        for (int i = 0; i < ATTACKERS; i++) {
            try {
                RawSocket socket = RawSocket.connect("127.0.0.2", server.server.port());
                attack.add(socket);
                socket.write("GET /event HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            } catch (IOException refused) {
                // closed by the per-address limit
            }
        }
        assertServed();
        for (RawSocket socket : attack) {
            assertThat(socket.closedWithin(5_000)).as("closed by the limit or the header timeout").isTrue();
        }
        assertServed();
        assertThat(metric("theia_address_connections_refused_total")).isPositive();
    }

    @Test
    void findClientsThatDisconnectMidSearch() throws Exception {
        for (int round = 0; round < ATTACKERS; round++) {
            RawSocket socket = upgradedOrNull("127.0.0.2", "/find");
            if (socket != null) {
                socket.frame(TEXT, "{}".getBytes(StandardCharsets.UTF_8));
                socket.close();
            }
        }
        attack.clear();
        assertServed();
    }

    /** Sends {@code criteria} on {@link #ATTACKERS} /find and /live connections each; checks service during and after. */
    private void attackWithCriteria(String criteria) throws Exception {
        for (String path : List.of("/find", "/live")) {
            for (int i = 0; i < ATTACKERS / 2; i++) {
                RawSocket socket = upgradedOrNull(i % 2 == 0 ? "127.0.0.2" : "127.0.0.3", path);
                if (socket != null) {
                    try {
                        socket.frame(TEXT, criteria.getBytes(StandardCharsets.UTF_8));
                    } catch (IOException closed) {
                        // answered and closed already
                    }
                }
            }
        }
        assertServed();
        endAttack();
        assertServed();
    }

    private double metric(String name) {
        return server.metrics.scrape().lines().filter(line -> line.startsWith(name + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(name.length() + 1))).orElseThrow();
    }

    private RawSocket upgradedOrNull(String from, String path) {
        try {
            RawSocket socket = RawSocket.upgraded(from, server.server.port(), path);
            attack.add(socket);
            return socket;
        } catch (IOException refused) {
            return null;
        }
    }

    private void endAttack() throws IOException {
        for (RawSocket socket : attack) {
            socket.close();
        }
        attack.clear();
    }

    /** /health answers 200, and an event pushed with acknowledgement is found again. */
    private void assertServed() throws Exception {
        assertThat(LimitsTest.health(server)).isEqualTo(200);
        String id = "good-" + served.incrementAndGet();
        try (EventPusher pusher = server.client().pusher(PushOptions.defaults(true))) {
            pusher.push(List.of(event(id, STORED + served.get(), "well-behaved"))).get(10, TimeUnit.SECONDS);
        }
        List<String> found = new ArrayList<>();
        long count = server.client().find(EventQuery.builder().id("^" + id + "$").build(), e -> found.add(e.id()))
                .get(10, TimeUnit.SECONDS);
        assertThat(count).isEqualTo(1);
        assertThat(found).containsExactly(id);
    }
}
