package io.theia.core.internal.server;

import static io.theia.api.testkit.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.theia.api.testkit.InMemoryEventStore;
import io.theia.core.internal.config.ServerConfig;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class LimitsTest {

    @Test
    void connectionsBeyondTheMaximumAreRefusedWith503UntilOneCloses() throws Exception {
        try (TestServer server = new TestServer(new InMemoryEventStore(), TestServer.config(null, 2, null, null));
                RawClient raw = new RawClient()) {
            RawClient.Connection first = raw.connect(server.uri("/event"));
            raw.connect(server.uri("/live"));

            assertThatThrownBy(() -> raw.connect(server.uri("/find")))
                    .isInstanceOf(ExecutionException.class).hasMessageContaining("503");
            assertThat(server.metrics.scrape()).contains("theia_connections_rejected_total 1.0",
                    "theia_connections_open 2.0");

            first.close();
            await().untilAsserted(() -> {
                RawClient.Connection again = raw.connect(server.uri("/event"));
                again.sendBinary(EventEndpointTest.bytes(event("after", 1, "served")));
            });
            await().untilAsserted(() -> assertThat(EventEndpointTest.ids(server)).containsExactly("after"));
        }
    }

    @Test
    void idleConnectionsAreClosedAfterTheIdleTimeout() throws Exception {
        try (TestServer server = new TestServer(new InMemoryEventStore(),
                TestServer.config(null, null, Duration.ofMillis(300), null)); RawClient raw = new RawClient()) {
            RawClient.Connection idle = raw.connect(server.uri("/event"));

            assertThat(idle.awaitClose()).isEqualTo(1001);
        }
    }

    @Test
    void aConnectionThatDoesNotFinishItsRequestWithinTheHeaderTimeoutIsClosedUpgradedOnesKeepTheIdleTimeout()
            throws Exception {
        ServerConfig config = new ServerConfig("127.0.0.1", 0, null, null, Duration.ofMinutes(30), true, null, null,
                null, null, Duration.ofMillis(500), null, null, null);
        try (TestServer server = new TestServer(new InMemoryEventStore(), config); RawClient raw = new RawClient();
                Socket unfinished = new Socket("127.0.0.1", server.server.port())) {
            RawClient.Connection upgraded = raw.connect(server.uri("/event"));
            unfinished.getOutputStream().write("GET /event HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            unfinished.setSoTimeout(10_000);
            long started = System.nanoTime();

            assertThat(unfinished.getInputStream().read()).isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(300),
                    Duration.ofSeconds(5));
            await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(3))
                    .untilAsserted(() -> assertThat(upgraded.isOpen()).isTrue());
            upgraded.sendBinary(EventEndpointTest.bytes(event("kept", 1, "served")));
            await().untilAsserted(() -> assertThat(EventEndpointTest.ids(server)).containsExactly("kept"));
        }
    }

    @Test
    void connectionsBeyondThePerAddressLimitAreClosedAtOnceWhileOtherAddressesAndHealthAreServed() throws Exception {
        ServerConfig config = new ServerConfig("127.0.0.1", 0, null, null, null, true, null, null, null, null, null,
                3, null, null);
        List<Socket> sockets = new ArrayList<>();
        try (TestServer server = new TestServer(new InMemoryEventStore(), config)) {
            for (int i = 0; i < 4; i++) {
                sockets.add(socketFrom("127.0.0.2", server.server.port()));
            }

            await().untilAsserted(() -> assertThat(server.metrics.scrape())
                    .contains("theia_address_connections_refused_total 1.0"));
            // which of the four is refused depends on the order the selectors open them
            List<Socket> closed = new ArrayList<>();
            for (Socket socket : sockets) {
                socket.setSoTimeout(300);
                try {
                    assertThat(socket.getInputStream().read()).isEqualTo(-1);
                    closed.add(socket);
                } catch (java.net.SocketTimeoutException stillOpen) {
                    // held
                } catch (java.net.SocketException reset) {
                    closed.add(socket);
                }
            }
            assertThat(closed).hasSize(1);
            assertThat(health(server)).isEqualTo(200);
            sockets.removeAll(closed);
            sockets.get(0).close();
            await().untilAsserted(() -> {
                try (Socket again = socketFrom("127.0.0.2", server.server.port())) {
                    again.getOutputStream().write(
                            "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    assertThat(new String(again.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
                            .startsWith("HTTP/1.1 200");
                }
            });
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    /** A socket connected to 127.0.0.1:{@code port} from the loopback address {@code from}, reads time out at 10 s. */
    static Socket socketFrom(String from, int port) throws Exception {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(from, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** The status of GET /health. */
    static int health(TestServer server) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI uri = URI.create("http://127.0.0.1:" + server.server.port() + "/health");
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
