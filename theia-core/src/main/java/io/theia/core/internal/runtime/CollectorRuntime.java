package io.theia.core.internal.runtime;

import io.theia.api.source.EventSink;
import io.theia.api.store.EventStore;
import io.theia.core.internal.config.ConfigProblem;
import io.theia.core.internal.config.Configuration;
import io.theia.core.internal.pipeline.IngestPipeline;
import io.theia.core.internal.pipeline.LiveHub;
import io.theia.core.internal.pipeline.MeteredEventStore;
import io.theia.core.internal.plugins.HostServices;
import io.theia.core.internal.plugins.PluginHost;
import io.theia.core.internal.plugins.PluginInfo;
import io.theia.core.internal.server.CollectorServer;
import io.theia.core.internal.server.HealthCheck;
import io.theia.core.internal.server.ServerBackend;
import io.theia.core.internal.server.StatusServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A collector: sources → ingest pipeline → store and live hub, with the collector server for {@code /event},
 * {@code /find} and {@code /live}.
 *
 * <p>Start order: plugins → store (unless {@code store.type: none}, live only) → ingest pipeline → sources →
 * collector server (unless {@code server.enabled: false}) → status listener (when configured). Close order is the
 * reverse: the listeners stop taking requests, the sources stop, the pipeline finishes what it was handed, the
 * store flushes and closes, the plugins stop; nothing accepted is lost. Thread-safe.
 */
public final class CollectorRuntime extends TheiaRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(TheiaRuntime.class);
    private static final int INGEST_WORKERS = 4;

    private final Optional<EventStore> store;
    private final LiveHub liveHub;
    private final IngestPipeline pipeline;
    private final Optional<CollectorServer> server;

    private CollectorRuntime(SharedParts shared, Optional<EventStore> store, LiveHub liveHub, IngestPipeline pipeline,
            Optional<CollectorServer> server) {
        super(shared);
        this.store = store;
        this.liveHub = liveHub;
        this.pipeline = pipeline;
        this.server = server;
    }

    /**
     * Starts a collector.
     *
     * @throws io.theia.core.internal.config.ConfigurationException listing every problem of store and sources,
     *     also when the configuration describes an agent
     * @throws io.theia.core.internal.plugins.PluginException when plugins conflict or the store's plugin fails
     * @throws SourceStartException when sources are configured and none of them could start
     */
    public static CollectorRuntime start(Configuration configuration, HostServices services) {
        PartStack parts = new PartStack();
        CollectorRuntime runtime = start(configuration, services, parts);
        parts.closeOnShutdown();
        return runtime;
    }

    /** Starts the parts onto {@code parts}; when one fails, closes those already started and rethrows. */
    static CollectorRuntime start(Configuration configuration, HostServices services, PartStack parts) {
        try {
            PluginHost plugins = SharedParts.startPlugins(parts, configuration, services);
            List<ConfigProblem> problems = new ArrayList<>();
            if (configuration.agent()) {
                problems.add(new ConfigProblem("forward", "theia core", "a collector forwards nothing; "
                        + "remove the forward section or start an agent"));
            }
            Optional<StoreBinding<?>> storeBinding = StoreBinding.bind(plugins, configuration, problems);
            SourceGroup sources = SourceGroup.bind(plugins, configuration, problems);
            ConfigCheck.finish(configuration, problems);

            Optional<EventStore> store = storeBinding.map(binding -> open(binding, plugins, parts, services));
            if (store.isEmpty()) {
                LOG.info("No store: events are only streamed live");
            }
            LiveHub liveHub = new LiveHub();
            IngestPipeline pipeline = parts.push("ingest pipeline",
                    new IngestPipeline(store.orElse(null), liveHub, INGEST_WORKERS));
            parts.push("sources", sources).start(pipeline, services, configuration.core().stateDir());
            HealthCheck health = new StoreHealthCheck(store, configuration.storeType(), parts::running);
            Optional<CollectorServer> server = configuration.core().server().enabled()
                    ? Optional.of(parts.push("collector server", CollectorServer.start(configuration.core().server(),
                            configuration.core().security(), new ServerBackend(pipeline, store, liveHub, health,
                                    services.metrics()))))
                    : Optional.empty();
            Optional<StatusServer> status = StatusListener.start(parts, configuration, health, services);
            sources.requireOneRunning(plugins.plugins().size());
            return new CollectorRuntime(new SharedParts(configuration, services, plugins, sources, status, parts),
                    store, liveHub, pipeline, server);
        } catch (RuntimeException | Error e) {
            parts.close();
            throw e;
        }
    }

    /** Opens the bound store, metered, and pushes it; it logs "Store closed" once closed. */
    private static EventStore open(StoreBinding<?> binding, PluginHost plugins, PartStack parts,
            HostServices services) {
        EventStore store = new MeteredEventStore(binding.open(plugins), services.metrics());
        parts.push("store", store, () -> {
            try {
                store.close();
            } catch (RuntimeException e) {
                LOG.error("Closing the {} failed", "store", e);
            }
            LOG.info("Store closed");
        });
        LOG.info("Store '{}' of {} open", binding.type(), binding.factory().owner());
        return store;
    }

    /** The store, or empty in live-only mode ({@code store.type: none}). */
    @Override
    public Optional<EventStore> store() {
        return store;
    }

    /** The collector server, or empty when {@code server.enabled} is false. */
    @Override
    public Optional<CollectorServer> server() {
        return server;
    }

    /** The live hub, for subscribing to new events. */
    public LiveHub liveHub() {
        return liveHub;
    }

    /** The ingest pipeline: saved to the store, then streamed live; completes once durable. */
    @Override
    public EventSink sink() {
        return pipeline;
    }

}
