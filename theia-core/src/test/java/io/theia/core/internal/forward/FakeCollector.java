package io.theia.core.internal.forward;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * A fake collector: a WebSocket endpoint {@code /event} on 127.0.0.1 that remembers the query string of every
 * connection ({@code "null"} for none) and hands the connection to the {@linkplain #listenerFor listener} a subclass
 * makes for it.
 */
abstract class FakeCollector implements AutoCloseable {

    final List<String> queries = new CopyOnWriteArrayList<>();
    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);

    /** On {@code port} (0: a free one), not yet listening: a subclass calls {@link #start} once it is set up. */
    FakeCollector(int port) {
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        ContextHandler context = new ContextHandler("/");
        WebSocketUpgradeHandler webSockets = WebSocketUpgradeHandler.from(server, context, container ->
                container.addMapping("/event", (request, response, callback) -> {
                    String query = request.getHttpURI().getQuery();
                    queries.add(String.valueOf(query));
                    return listenerFor(query);
                }));
        context.setHandler(webSockets);
        server.setHandler(context);
    }

    /** The listener of a new connection; {@code query} is its query string, null for none. */
    abstract Session.Listener listenerFor(String query);

    final void start() throws Exception {
        server.start();
    }

    int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
