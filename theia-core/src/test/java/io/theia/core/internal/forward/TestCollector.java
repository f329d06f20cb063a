package io.theia.core.internal.forward;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import io.theia.api.testkit.InMemoryEventStore;
import io.theia.core.internal.config.ServerConfig;
import io.theia.core.internal.pipeline.IngestPipeline;
import io.theia.core.internal.pipeline.LiveHub;
import io.theia.core.internal.server.CollectorServer;
import io.theia.core.internal.server.HealthCheck;
import io.theia.core.internal.server.ServerBackend;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A real collector server on 127.0.0.1 over one in-memory store that outlives its restarts: {@link #stop} and
 * {@link #start} again on the same port keep the stored events, as a collector restarted on its data directory.
 */
public final class TestCollector implements AutoCloseable {

    final InMemoryEventStore store = new InMemoryEventStore();
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private IngestPipeline pipeline;
    private CollectorServer server;
    private int port;

    /** Starts on a free port. */
    public static TestCollector started() {
        TestCollector collector = new TestCollector();
        collector.start();
        return collector;
    }

    /** Starts on the port it had before (a free one the first time). */
    public synchronized void start() {
        pipeline = new IngestPipeline(store, new LiveHub(), 4);
        server = CollectorServer.start(new ServerConfig("127.0.0.1", port, null, null, null, true, null),
                new ServerBackend(pipeline, Optional.of(store), new LiveHub(),
                        () -> HealthCheck.Health.up(Map.of("store", "memory")), metrics));
        port = server.port();
    }

    /** Stops the server (every connection drops); the store keeps its events. */
    public synchronized void stop() {
        server.close();
        pipeline.close();
        server = null;
    }

    public int port() {
        return port;
    }

    public List<Event> stored() {
        try (Stream<Event> events = store.search(EventQuery.all())) {
            return events.toList();
        }
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            stop();
        }
        store.close();
    }
}
