package io.theia.core.internal.server;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.theia.api.store.EventStore;
import io.theia.core.internal.client.ClientSecurity;
import io.theia.core.internal.client.CollectorClient;
import io.theia.core.internal.config.SecurityConfig;
import io.theia.core.internal.config.ServerConfig;
import io.theia.core.internal.pipeline.IngestPipeline;
import io.theia.core.internal.pipeline.LiveHub;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** A collector server on 127.0.0.1 and a free port over a given store (or none), with its own hub and registry. */
final class TestServer implements AutoCloseable {

    final EventStore store;
    final LiveHub hub = new LiveHub();
    final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final IngestPipeline pipeline;
    final CollectorServer server;
    private final CollectorClient client;

    TestServer(EventStore store) {
        this(store, config(null, null, null, null));
    }

    TestServer(EventStore store, ServerConfig config) {
        this(store, config, SecurityConfig.none(), ClientSecurity.NONE);
    }

    /** With TLS and tokens as {@code security} says; {@link #client()} uses {@code clientSecurity}. */
    TestServer(EventStore store, ServerConfig config, SecurityConfig security, ClientSecurity clientSecurity) {
        this.store = store;
        this.pipeline = new IngestPipeline(store, hub, 4);
        try {
            this.server = CollectorServer.start(config, security, new ServerBackend(pipeline,
                    Optional.ofNullable(store), hub, () -> HealthCheck.Health.up(Map.of("store", "test")), metrics));
        } catch (RuntimeException e) {
            pipeline.close();
            throw e;
        }
        this.client = new CollectorClient(server.uri(), Duration.ofSeconds(10), clientSecurity);
    }

    static ServerConfig config(Long maxMessageBytes, Integer maxConnections, Duration idleTimeout,
            Integer liveQueue) {
        return new ServerConfig("127.0.0.1", 0, maxMessageBytes, maxConnections, idleTimeout, true, liveQueue);
    }

    URI uri(String path) {
        return server.uri().resolve(path);
    }

    CollectorClient client() {
        return client;
    }

    @Override
    public void close() {
        client.close();
        server.close();
        pipeline.close();
        if (store != null) {
            store.close();
        }
    }
}
