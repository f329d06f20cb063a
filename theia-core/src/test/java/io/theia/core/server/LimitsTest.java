package io.theia.core.server;

import static io.theia.api.testkit.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.theia.api.testkit.InMemoryEventStore;
import java.time.Duration;
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
}
