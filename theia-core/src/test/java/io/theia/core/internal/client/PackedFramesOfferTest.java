package io.theia.core.internal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.theia.api.store.EventQuery;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.websocket.server.WebSocketCreator;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.junit.jupiter.api.Test;

/** The client offers the {@code theia-packed} subprotocol on {@code /find} and {@code /live}, and only there. */
class PackedFramesOfferTest {

    @Test
    void findAndLiveOfferPackedFramesPushDoesNot() throws Exception {
        Map<String, List<String>> offered = new ConcurrentHashMap<>();
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ContextHandler context = new ContextHandler("/");
        WebSocketCreator recordAndRefuse = (request, response, callback) -> {
            offered.put(request.getHttpURI().getPath(), List.copyOf(request.getSubProtocols()));
            Response.writeError(request, response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, "test");
            return null;
        };
        WebSocketUpgradeHandler webSockets = WebSocketUpgradeHandler.from(server, context, container -> {
            container.addMapping("/find", recordAndRefuse);
            container.addMapping("/live", recordAndRefuse);
            container.addMapping("/event", recordAndRefuse);
        });
        context.setHandler(webSockets);
        server.setHandler(context);
        server.start();
        try (CollectorClient client = new CollectorClient(URI.create("ws://127.0.0.1:" + connector.getLocalPort()),
                Duration.ofSeconds(10))) {
            assertThatThrownBy(() -> client.find(EventQuery.all(), event -> { }).get(10, TimeUnit.SECONDS));
            assertThatThrownBy(() -> client.live(EventQuery.all(), event -> { }));
            assertThatThrownBy(() -> client.pusher(PushOptions.defaults(false)));

            assertThat(offered).containsEntry("/find", List.of("theia-packed"))
                    .containsEntry("/live", List.of("theia-packed"))
                    .containsEntry("/event", List.of());
        } finally {
            server.stop();
        }
    }
}
