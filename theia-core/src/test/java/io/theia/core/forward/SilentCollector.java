package io.theia.core.forward;

import io.theia.api.codec.EventReader;
import io.theia.api.event.Event;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * A stand-in for the original (Python) collector: {@code /event} reads every message, keeps its events and never
 * answers, whatever the query string asks for. Remembers the request URIs it was connected with.
 */
final class SilentCollector implements AutoCloseable {

    final List<Event> received = new CopyOnWriteArrayList<>();
    final List<String> queries = new CopyOnWriteArrayList<>();
    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);

    SilentCollector() throws Exception {
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ContextHandler context = new ContextHandler("/");
        WebSocketUpgradeHandler webSockets = WebSocketUpgradeHandler.from(server, context, container ->
                container.addMapping("/event", (request, response, callback) -> {
                    queries.add(String.valueOf(request.getHttpURI().getQuery()));
                    return new Listener();
                }));
        context.setHandler(webSockets);
        server.setHandler(context);
        server.start();
    }

    int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    /** Keeps the events of every message; says nothing. */
    public final class Listener implements Session.Listener.AutoDemanding {

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            keep(payload);
            callback.succeed();
        }

        @Override
        public void onWebSocketText(String message) {
            keep(ByteBuffer.wrap(message.getBytes(StandardCharsets.UTF_8)));
        }

        private void keep(ByteBuffer payload) {
            ByteBuffer copy = ByteBuffer.allocate(payload.remaining()).put(payload).flip();
            try (EventReader reader = EventReader.of(copy)) {
                Event event;
                while ((event = reader.read()) != null) {
                    received.add(event);
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
