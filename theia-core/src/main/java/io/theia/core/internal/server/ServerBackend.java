package io.theia.core.internal.server;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.theia.api.source.EventSink;
import io.theia.api.store.EventStore;
import io.theia.core.internal.pipeline.IngestPipeline;
import io.theia.core.internal.pipeline.LiveHub;
import java.util.Objects;
import java.util.Optional;

/**
 * What the collector server serves: where pushed events go, the store searched by {@code /find}, the live hub
 * {@code /live} subscribes to, the health check and the metrics registry.
 *
 * @param sink where {@code /event} delivers for connections that take acknowledgements: its completion means
 *     "on stable storage"
 * @param store the store, or empty in live-only mode ({@code /find} then answers an error)
 * @param liveHub the hub of new events
 * @param health answers {@code GET /health}
 * @param metrics the registry the server's meters go to and {@code GET /metrics} scrapes
 */
public record ServerBackend(
        EventSink sink, Optional<EventStore> store, LiveHub liveHub, HealthCheck health,
        PrometheusMeterRegistry metrics) {

    /** Checks that every part is there. */
    public ServerBackend {
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(liveHub, "liveHub");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(metrics, "metrics");
    }

    /**
     * Where {@code /event} delivers for connections without acknowledgements: the pipeline's buffered delivery,
     * which completes once the events are saved without waiting for a buffered store to force them.
     */
    public EventSink bufferedSink() {
        return sink instanceof IngestPipeline pipeline ? pipeline.buffered() : sink;
    }
}
