package io.theia.core.internal.runtime;

import io.theia.api.source.EventSink;
import io.theia.api.store.EventStore;
import io.theia.core.internal.config.Configuration;
import io.theia.core.internal.config.ConfigurationException;
import io.theia.core.internal.plugins.HostServices;
import io.theia.core.internal.plugins.PluginException;
import io.theia.core.internal.plugins.PluginInfo;
import io.theia.core.internal.server.CollectorServer;
import io.theia.core.internal.server.StatusServer;
import java.util.List;
import java.util.Optional;

/**
 * A running theia, built from a {@link Configuration} in one of two modes composed of shared parts
 * ({@link SharedParts}: plugin host, sources, status listener):
 *
 * <ul>
 *   <li>{@link CollectorRuntime}: sources → ingest pipeline → store (unless {@code store.type: none}) and live hub,
 *       with the collector server (unless {@code server.enabled: false});
 *   <li>{@link AgentRuntime} ({@code forward} section, {@link Configuration#agent()}): sources →
 *       {@link Forwarding} to a collector or a plugin's forwarder, and nothing else.
 * </ul>
 *
 * <p>Each mode starts its parts in a fixed order and closes them in the reverse order ({@link PartStack}); a part
 * that fails to start closes those already started. A JVM shutdown hook closes a runtime that still runs when the
 * process is asked to end. Thread-safe.
 */
public abstract sealed class TheiaRuntime implements AutoCloseable permits AgentRuntime, CollectorRuntime {

    private final SharedParts shared;

    TheiaRuntime(SharedParts shared) {
        this.shared = shared;
    }

    /**
     * Starts the mode the configuration asks for: an agent when it has a {@code forward} target, else a collector.
     *
     * @throws ConfigurationException listing every problem in the configuration of the mode's parts and sources
     * @throws PluginException when plugins conflict or the store's or forwarder's plugin fails, naming the plugin
     * @throws SourceStartException when sources are configured and none of them could start
     */
    public static TheiaRuntime start(Configuration configuration, HostServices services) {
        return configuration.agent() ? AgentRuntime.start(configuration, services)
                : CollectorRuntime.start(configuration, services);
    }

    /** The configuration this runtime was started from. */
    public final Configuration configuration() {
        return shared.configuration();
    }

    /** The host's services. */
    public final HostServices services() {
        return shared.services();
    }

    /** Every plugin and its state. */
    public final List<PluginInfo> plugins() {
        return shared.plugins().plugins();
    }

    /** Every configured source and whether it runs. */
    public final List<SourceInfo> sources() {
        return shared.sources().infos();
    }

    /** Where events enter: a collector's ingest pipeline (stored, then live), an agent's forwarder. */
    public abstract EventSink sink();

    /** The status listener ({@code status} section), or empty when none is configured. */
    public final Optional<StatusServer> statusServer() {
        return shared.status();
    }

    /**
     * The store, for a caller that does not know the mode: a collector's ({@link CollectorRuntime#store()}), empty
     * in live-only mode and always empty in an agent, which keeps nothing.
     */
    public abstract Optional<EventStore> store();

    /**
     * The collector server, for a caller that does not know the mode: a collector's
     * ({@link CollectorRuntime#server()}), and always empty in an agent, which serves nothing.
     */
    public abstract Optional<CollectorServer> server();

    /** Stops the parts in the reverse order of their start, flushing what was accepted; idempotent. */
    @Override
    public final void close() {
        shared.parts().close();
    }
}
