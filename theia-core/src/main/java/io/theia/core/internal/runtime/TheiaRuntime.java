package io.theia.core.internal.runtime;

import io.theia.api.TheiaException;
import io.theia.api.source.EventForwarder;
import io.theia.api.source.EventSink;
import io.theia.api.source.EventSource;
import io.theia.api.source.EventSourceFactory;
import io.theia.api.source.SourceMetrics;
import io.theia.api.store.EventStore;
import io.theia.api.store.EventStoreFactory;
import io.theia.core.internal.config.ConfigProblem;
import io.theia.core.internal.config.Configuration;
import io.theia.core.internal.config.ConfigurationException;
import io.theia.core.internal.forward.ForwardingSink;
import io.theia.core.internal.pipeline.IngestPipeline;
import io.theia.core.internal.pipeline.LiveHub;
import io.theia.core.internal.pipeline.MeteredEventStore;
import io.theia.core.internal.plugins.HostServices;
import io.theia.core.internal.plugins.PluginException;
import io.theia.core.internal.plugins.PluginHost;
import io.theia.core.internal.plugins.PluginInfo;
import io.theia.core.internal.plugins.Provided;
import io.theia.core.internal.server.CollectorServer;
import io.theia.core.internal.server.HealthCheck;
import io.theia.core.internal.server.ServerBackend;
import io.theia.core.internal.server.StatusServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running theia: plugins, store, ingest pipeline, live hub, collector server and sources, built from a
 * {@link Configuration}.
 *
 * <p>{@link #start} brings the parts up in the order plugins → store → pipeline → server (when
 * {@code server.enabled}) → sources and {@link #close} takes them down in reverse, flushing the store last, so
 * nothing accepted is lost.
 *
 * <p>An agent ({@code forward.host} set, {@link Configuration#agent()}) is plugins → {@link ForwardingSink} →
 * sources: its sources deliver to the remote collector, and it has no store, pipeline or server (configuring
 * either is refused). Closing stops the sources first, then flushes the forwarding sink. With {@code forward.type}
 * naming a plugin's forwarder ({@link io.theia.api.source.EventForwarderFactory}, e.g. {@code kafka}), the agent
 * is plugins → that forwarder → sources instead.
 *
 * <p>A JVM shutdown hook closes a
 * runtime that is still running when the process is asked to end. Thread-safe.
 */
public final class TheiaRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TheiaRuntime.class);
    private static final int INGEST_WORKERS = 4;

    private final Configuration configuration;
    private final HostServices services;
    private final PluginHost plugins;
    private final LiveHub liveHub = new LiveHub();
    private final List<EventSource> runningSources = new ArrayList<>();
    private final List<SourceInfo> sourceInfos = new ArrayList<>();
    private final Thread shutdownHook = new Thread(this::close, "theia-shutdown");
    private EventStore store;
    private IngestPipeline pipeline;
    private ForwardingSink forwarder;
    /** An agent's forwarder from a plugin ({@code forward.type} other than websocket), or null. */
    private EventForwarder pluginForwarder;
    private CollectorServer server;
    private StatusServer statusServer;
    private volatile boolean closed;

    private TheiaRuntime(Configuration configuration, HostServices services) {
        this.configuration = configuration;
        this.services = services;
        this.plugins = new PluginHost(configuration.core().plugins(), services);
    }

    /**
     * Starts a runtime.
     *
     * @throws ConfigurationException listing every problem in the store's and sources' settings
     * @throws PluginException when plugins conflict or the store's plugin fails, naming the plugin and cause
     * @throws SourceStartException when sources are configured and none of them could start
     */
    public static TheiaRuntime start(Configuration configuration, HostServices services) {
        TheiaRuntime runtime = new TheiaRuntime(configuration, services);
        try {
            runtime.startParts();
        } catch (RuntimeException | Error e) {
            runtime.close();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(runtime.shutdownHook);
        return runtime;
    }

    /** The store, or empty in live-only mode ({@code store.type: none}). */
    public Optional<EventStore> store() {
        return Optional.ofNullable(store);
    }

    /** Where events enter: saved to the store, then streamed live; in an agent, forwarded to the collector. */
    public EventSink sink() {
        return forwarder != null ? forwarder : pluginForwarder != null ? pluginForwarder : pipeline;
    }

    /** The forwarding sink of an agent, or empty when this runtime is not one. */
    public Optional<ForwardingSink> forwarder() {
        return Optional.ofNullable(forwarder);
    }

    /** The collector server, or empty when {@code server.enabled} is false. */
    public Optional<CollectorServer> server() {
        return Optional.ofNullable(server);
    }

    /** The status listener ({@code status} section), or empty when none is configured. */
    public Optional<StatusServer> statusServer() {
        return Optional.ofNullable(statusServer);
    }

    /** The live hub, for subscribing to new events. */
    public LiveHub liveHub() {
        return liveHub;
    }

    /** The host's services. */
    public HostServices services() {
        return services;
    }

    /** The configuration this runtime was started from. */
    public Configuration configuration() {
        return configuration;
    }

    /** Every plugin and its state. */
    public List<PluginInfo> plugins() {
        return plugins.plugins();
    }

    /** Every configured source and whether it runs. */
    public synchronized List<SourceInfo> sources() {
        return List.copyOf(sourceInfos);
    }

    /** Stops server, sources, forwarding sink, pipeline, store and plugins, in that order; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (statusServer != null) {
            closeQuietly(statusServer, "status listener");
        }
        if (server != null) {
            closeQuietly(server, "collector server");
        }
        for (int i = runningSources.size() - 1; i >= 0; i--) {
            closeQuietly(runningSources.get(i), "source");
        }
        if (forwarder != null) {
            closeQuietly(forwarder, "forwarding sink");
        }
        if (pluginForwarder != null) {
            closeQuietly(pluginForwarder, "forwarder");
        }
        if (pipeline != null) {
            pipeline.close();
        }
        if (store != null) {
            closeQuietly(store, "store");
            LOG.info("Store closed");
        }
        plugins.close();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // the JVM is shutting down (this may be the hook itself) or the hook was never added
        }
        LOG.info("theia stopped");
    }

    private synchronized void startParts() {
        plugins.start();
        List<ConfigProblem> problems = new ArrayList<>();
        if (configuration.agent()) {
            checkAgent(problems);
        }
        StoreBinding<?> storeBinding = configuration.agent() ? null : bindStore(problems);
        ForwarderBinding<?> forwarderBinding = configuration.forwarderType()
                .map(type -> ForwarderBinding.bind(plugins, type, configuration, problems)).orElse(null);
        List<SourceBinding<?>> sourceBindings = bindSources(problems);
        problems.addAll(configuration.unusedFlags());
        if (!problems.isEmpty()) {
            throw configuration.problems(problems);
        }
        configuration.unusedVariables().forEach(variable ->
                LOG.warn("Environment variable {} names no setting; it is ignored", variable));
        if (forwarderBinding != null) {
            pluginForwarder = forwarderBinding.create(plugins);
            LOG.info("Agent mode: sources forward to {}", pluginForwarder.target());
        } else if (configuration.agent()) {
            forwarder = ForwardingSink.start(configuration.core().forward(), services.metrics());
            LOG.info("Agent mode: sources forward to the collector at {} (acknowledge: {})", forwarder.collector(),
                    configuration.core().forward().acknowledge());
        } else if (storeBinding != null) {
            store = new MeteredEventStore(storeBinding.open(plugins), services.metrics());
            LOG.info("Store '{}' of {} open", configuration.storeType(), storeBinding.factory().owner());
        } else {
            LOG.info("No store: events are only streamed live");
        }
        if (!configuration.agent()) {
            pipeline = new IngestPipeline(store, liveHub, INGEST_WORKERS);
        }
        if (!configuration.agent() && configuration.core().server().enabled()) {
            server = CollectorServer.start(configuration.core().server(), configuration.core().security(),
                    new ServerBackend(pipeline,
                    Optional.ofNullable(store), liveHub,
                    new StoreHealthCheck(store, configuration.storeType(), () -> !closed), services.metrics()));
        }
        if (configuration.core().status().enabled()) {
            HealthCheck health = forwarder != null ? new AgentHealthCheck(forwarder, () -> !closed)
                    : pluginForwarder != null ? ForwarderBinding.health(pluginForwarder, () -> !closed)
                    : new StoreHealthCheck(store, configuration.storeType(), () -> !closed);
            statusServer = StatusServer.start(configuration.core().status(), health, services.metrics());
            LOG.info("Status listener (/health, /metrics) on {}:{}", configuration.core().status().host(),
                    statusServer.port());
        }
        for (SourceBinding<?> binding : sourceBindings) {
            startSource(binding);
        }
        reportSources();
    }

    /** Partial failure is a warning; a run whose every configured source failed has nothing to do and ends. */
    private void reportSources() {
        List<SourceInfo> failed = sourceInfos.stream().filter(info -> !info.running()).toList();
        String failures = String.join("; ", failed.stream().map(info -> "'" + info.name() + "': "
                + info.failure().map(TheiaRuntime::describe).orElse("")).toList());
        if (!failed.isEmpty() && failed.size() == sourceInfos.size()) {
            throw new SourceStartException("no source could start: " + failures);
        }
        if (failed.isEmpty()) {
            LOG.info("theia started: {} plugin(s), {} source(s)", plugins.plugins().size(), sourceInfos.size());
        } else {
            LOG.warn("theia started with {} of {} source(s) running; failed: {}", sourceInfos.size() - failed.size(),
                    sourceInfos.size(), failures);
        }
    }

    private static String describe(Throwable failure) {
        return failure instanceof TheiaException || failure.getMessage() == null ? String.valueOf(
                failure.getMessage()) : failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }

    /** An agent forwards everything it reads: a store or a server of its own would never see an event. */
    private void checkAgent(List<ConfigProblem> problems) {
        if (!Configuration.NO_STORE.equals(configuration.storeType())) {
            problems.add(new ConfigProblem("store.type", "theia core", "an agent (forward.host is set) keeps no "
                    + "events: it forwards them to the collector; remove the store section or set type none"));
        }
        if (configuration.core().server().enabled()) {
            problems.add(new ConfigProblem("server.enabled", "theia core", "an agent (forward.host is set) runs no "
                    + "collector server; remove server.enabled or set it to false"));
        }
    }

    private StoreBinding<?> bindStore(List<ConfigProblem> problems) {
        String type = configuration.storeType();
        if (Configuration.NO_STORE.equals(type)) {
            return null;
        }
        Optional<Provided<EventStoreFactory<?>>> factory = plugins.storeFactory(type);
        if (factory.isEmpty()) {
            problems.add(new ConfigProblem("store.type", "theia core", "no plugin provides the store type '" + type
                    + "'; " + offered("store", plugins.storeTypes()) + "; 'none' keeps nothing"));
            return null;
        }
        return StoreBinding.bind(factory.get(), configuration, problems);
    }

    private static String offered(String kind, String types) {
        return types.isEmpty() ? "no loaded plugin offers a " + kind + " type" : kind + " types on offer: " + types;
    }

    private List<SourceBinding<?>> bindSources(List<ConfigProblem> problems) {
        List<SourceBinding<?>> bindings = new ArrayList<>();
        for (int i = 0; i < configuration.sourceCount(); i++) {
            String type = configuration.sourceType(i);
            Optional<Provided<EventSourceFactory<?>>> factory = Optional.ofNullable(type)
                    .flatMap(plugins::sourceFactory);
            if (factory.isEmpty()) {
                problems.add(new ConfigProblem(Configuration.sourcePath(i) + ".type", "theia core",
                        (type == null ? "missing source type" : "no plugin provides the source type '" + type + "'")
                                + "; " + offered("source", plugins.sourceTypes())));
                continue;
            }
            SourceBinding<?> binding = SourceBinding.bind(factory.get(), configuration, i, problems);
            if (binding != null) {
                bindings.add(binding);
            }
        }
        return bindings;
    }

    private void startSource(SourceBinding<?> binding) {
        String name = binding.name();
        try {
            Path stateDirectory = configuration.core().stateDir().resolve("sources").resolve(name);
            Files.createDirectories(stateDirectory);
            SourceMetrics metrics = new MicrometerSourceMetrics(services.metrics(), name);
            EventSource source = binding.create(new HostSourceContext(name, new CountingSink(sink(), metrics),
                    stateDirectory, metrics));
            // Added before start() so that close() also stops a source that failed half way through starting.
            runningSources.add(source);
            source.start();
            sourceInfos.add(new SourceInfo(name, binding.type(), binding.factory().pluginId(), true, Optional.empty()));
            LOG.info("Source '{}' ({} of {}) started", name, binding.type(), binding.factory().owner());
        } catch (IOException | RuntimeException e) {
            sourceInfos.add(new SourceInfo(name, binding.type(), binding.factory().pluginId(), false, Optional.of(e)));
            LOG.error("Source '{}' failed to start: {}", name, describe(e));
            LOG.debug("Source '{}' failed to start", name, e);
        }
    }

    private static void closeQuietly(AutoCloseable part, String what) {
        try {
            part.close();
        } catch (Exception e) {
            LOG.error("Closing the {} failed", what, e);
        }
    }
}
