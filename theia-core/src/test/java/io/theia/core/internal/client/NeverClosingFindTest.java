package io.theia.core.internal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.theia.api.codec.EventWriter;
import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code find} with an idle timeout against a {@code /find} that, like the original collector's, answers {@code ok},
 * sends its events and never closes.
 */
class NeverClosingFindTest {

    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private volatile boolean answer = true;

    @BeforeEach
    void start() throws Exception {
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ContextHandler context = new ContextHandler("/");
        context.setHandler(WebSocketUpgradeHandler.from(server, context, container ->
                container.addMapping("/find", (request, response, callback) -> new FindListener())));
        server.setHandler(context);
        server.start();
    }

    /** Answers the criteria with {@code ok} and three events (or not at all), and never closes. */
    public final class FindListener implements Session.Listener.AutoDemanding {

        private Session session;

        @Override
        public void onWebSocketOpen(Session opened) {
            session = opened;
        }

        @Override
        public void onWebSocketText(String criteria) {
            if (!answer) {
                return;
            }
            session.sendText("ok", Callback.NOOP);
            for (int i = 0; i < 3; i++) {
                session.sendBinary(ByteBuffer.wrap(new EventWriter().encodeToArray(new Event("e" + i, Instant.now(),
                        "/src", List.of("t"), "event " + i))), Callback.NOOP);
            }
        }
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    @Test
    void aSearchTheCollectorNeverClosesEndsAfterTheIdleTimeoutWithEveryEvent() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        try (CollectorClient client = CollectorClient.of("127.0.0.1", connector.getLocalPort())) {
            FindOutcome outcome = client.find(EventQuery.all(), event -> received.add(event.content()),
                    Duration.ofMillis(500)).get(30, TimeUnit.SECONDS);

            assertThat(outcome).isEqualTo(new FindOutcome(3, false));
            assertThat(received).containsExactly("event 0", "event 1", "event 2");
        }
    }

    @Test
    void criteriaNeverAnsweredFailTheSearchAfterTheIdleTimeout() throws Exception {
        answer = false;
        try (CollectorClient client = CollectorClient.of("127.0.0.1", connector.getLocalPort())) {
            assertThatThrownBy(() -> client.find(EventQuery.all(), event -> { }, Duration.ofMillis(500))
                    .get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(CollectorException.class)
                    .hasMessageContaining("did not answer the criteria");
        }
    }
}
