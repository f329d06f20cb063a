package io.theia.console;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.theia.api.event.Event;
import io.theia.core.internal.config.SecurityConfig;
import io.theia.core.internal.config.ServerConfig;
import io.theia.core.internal.pipeline.IngestPipeline;
import io.theia.core.internal.pipeline.LiveHub;
import io.theia.core.internal.server.CollectorServer;
import io.theia.core.internal.server.HealthCheck;
import io.theia.core.internal.server.ServerBackend;
import io.theia.store.naive.NaiveEventStore;
import io.theia.store.naive.NaiveStoreConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real collector on 127.0.0.1 and a free port over the naive store in a directory, serving this module's console
 * files from the test class path, as the distribution serves them from the theia-console jar.
 */
final class ConsoleCollector implements AutoCloseable {

    private final NaiveEventStore store;
    private final LiveHub hub = new LiveHub();
    private final IngestPipeline pipeline;
    private final CollectorServer server;

    ConsoleCollector(Path dataDir) {
        this(dataDir, null);
    }

    /** With {@code liveQueue} events per live subscriber before the collector drops for it (null: default). */
    ConsoleCollector(Path dataDir, Integer liveQueue) {
        this(dataDir, liveQueue, SecurityConfig.none());
    }

    /**
     * With {@code security}'s tokens (e.g. {@code new SecurityConfig(null, tokenFile, null, null)}): the collector
     * then refuses {@code /find}, {@code /live} and {@code /histogram} without a token with the role query. Events
     * given to {@link #ingest} bypass the check (they go to the pipeline, not through {@code /event}).
     */
    ConsoleCollector(Path dataDir, Integer liveQueue, SecurityConfig security) {
        store = NaiveEventStore.open(NaiveStoreConfig.of(dataDir));
        pipeline = new IngestPipeline(store, hub, 2);
        server = CollectorServer.start(new ServerConfig("127.0.0.1", 0, null, null, null, true, liveQueue), security,
                new ServerBackend(pipeline, Optional.of(store), hub,
                        () -> HealthCheck.Health.up(Map.of("store", "naive")),
                        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)));
    }

    /** Saves events the way pushed ones are saved: through the pipeline, so live subscribers get them too. */
    void ingest(List<Event> events) throws Exception {
        for (int from = 0; from < events.size(); from += 10_000) {
            pipeline.deliver(events.subList(from, Math.min(events.size(), from + 10_000))).toCompletableFuture()
                    .get(60, TimeUnit.SECONDS);
        }
    }

    /** The console's address. */
    String url() {
        return "http://127.0.0.1:" + server.port() + "/";
    }

    @Override
    public void close() {
        server.close();
        pipeline.close();
        store.close();
    }
}
