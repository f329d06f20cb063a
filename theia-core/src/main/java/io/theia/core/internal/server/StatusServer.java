package io.theia.core.internal.server;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.theia.core.internal.config.StatusConfig;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Plain HTTP with only {@code GET /health} and {@code GET /metrics}, as the collector serves them, for processes
 * that have no collector server (agents); see {@link StatusConfig}. Thread-safe.
 */
public final class StatusServer implements AutoCloseable {

    private final Server server;
    private final ServerConnector connector;

    private StatusServer(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /**
     * Starts a listener.
     *
     * @throws ServerException when the port cannot be bound, naming host, port and cause
     */
    public static StatusServer start(StatusConfig config, HealthCheck health, PrometheusMeterRegistry metrics) {
        QueuedThreadPool threads = new QueuedThreadPool(8, 1);
        threads.setName("theia-status");
        threads.setDaemon(true);
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost(config.host());
        connector.setPort(config.port());
        server.addConnector(connector);
        server.setHandler(new HttpEndpoints(health, metrics));
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception ignored) {
                // the start failure is what matters
            }
            throw new ServerException("cannot start the status listener (status section) on " + config.host() + ":"
                    + config.port() + ": " + ServerException.causeOf(e), e);
        }
        return new StatusServer(server, connector);
    }

    /** The port it listens on (the bound one when configured with port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** Stops listening; idempotent. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new ServerException("stopping the status listener failed: " + e.getMessage(), e);
        }
    }
}
