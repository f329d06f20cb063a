package io.theia.core.internal.client;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.theia.api.event.Event;
import io.theia.api.testkit.InMemoryEventStore;
import io.theia.core.internal.config.ServerConfig;
import io.theia.core.internal.pipeline.IngestPipeline;
import io.theia.core.internal.pipeline.LiveHub;
import io.theia.core.internal.server.CollectorServer;
import io.theia.core.internal.server.HealthCheck;
import io.theia.core.internal.server.ServerBackend;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A real collector on 127.0.0.1 and a free port, over an in-memory store, for the client's tests. */
final class RunningCollector implements AutoCloseable {

    private final InMemoryEventStore store = new InMemoryEventStore();
    private final IngestPipeline pipeline;
    private final CollectorServer server;
    private final URI uri;

    RunningCollector() {
        LiveHub hub = new LiveHub();
        pipeline = new IngestPipeline(store, hub, 2);
        server = CollectorServer.start(new ServerConfig("127.0.0.1", 0, null, null, null, true, null),
                new ServerBackend(pipeline, Optional.of(store), hub,
                        () -> HealthCheck.Health.up(Map.of("store", "test")),
                        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)));
        uri = server.uri();
    }

    /** The collector's base address (kept after {@link #close()}). */
    URI uri() {
        return uri;
    }

    /** Pushes {@code events} with acknowledgements: stored when this returns. */
    void push(List<Event> events) throws Exception {
        try (CollectorClient client = new CollectorClient(uri, java.time.Duration.ofSeconds(10));
                EventPusher pusher = client.pusher(PushOptions.defaults(true))) {
            for (int from = 0; from < events.size(); from += 1000) {
                pusher.push(events.subList(from, Math.min(events.size(), from + 1000))).get(60, TimeUnit.SECONDS);
            }
        }
    }

    /** Stops the collector: its connections end abruptly for the clients. */
    @Override
    public void close() {
        server.close();
        pipeline.close();
    }
}
