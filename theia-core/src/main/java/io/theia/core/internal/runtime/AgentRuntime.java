package io.theia.core.internal.runtime;

import io.theia.api.source.EventSink;
import io.theia.api.store.EventStore;
import io.theia.core.internal.config.ConfigProblem;
import io.theia.core.internal.config.Configuration;
import io.theia.core.internal.plugins.HostServices;
import io.theia.core.internal.plugins.PluginHost;
import io.theia.core.internal.plugins.PluginInfo;
import io.theia.core.internal.server.CollectorServer;
import io.theia.core.internal.server.StatusServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An agent ({@code forward} section, {@link Configuration#agent()}): sources → {@link Forwarding}, to a theia
 * collector or through a plugin's forwarder. It keeps no events and serves no API: configuring a store or the
 * collector server is refused.
 *
 * <p>Start order: plugins → forwarding → sources → status listener (when configured). Close order is the reverse:
 * the sources stop, then the forwarding flushes what they delivered, then the plugins stop. Thread-safe.
 */
public final class AgentRuntime extends TheiaRuntime {

    private final Forwarding forwarding;

    private AgentRuntime(SharedParts shared, Forwarding forwarding) {
        super(shared);
        this.forwarding = forwarding;
    }

    /**
     * Starts an agent.
     *
     * @throws io.theia.core.internal.config.ConfigurationException listing every problem of forwarding and sources,
     *     a store or server the configuration asks for, or a configuration that has no {@code forward} target
     * @throws io.theia.core.internal.plugins.PluginException when plugins conflict or the forwarder's plugin fails
     * @throws SourceStartException when sources are configured and none of them could start
     */
    public static AgentRuntime start(Configuration configuration, HostServices services) {
        PartStack parts = new PartStack();
        AgentRuntime runtime = start(configuration, services, parts);
        parts.closeOnShutdown();
        return runtime;
    }

    /** Starts the parts onto {@code parts}; when one fails, closes those already started and rethrows. */
    static AgentRuntime start(Configuration configuration, HostServices services, PartStack parts) {
        try {
            PluginHost plugins = SharedParts.startPlugins(parts, configuration, services);
            List<ConfigProblem> problems = new ArrayList<>();
            requireNothingButForwarding(configuration, problems);
            Optional<ForwarderBinding<?>> forwarder = configuration.forwarderType()
                    .map(type -> ForwarderBinding.bind(plugins, type, configuration, problems));
            SourceGroup sources = SourceGroup.bind(plugins, configuration, problems);
            ConfigCheck.finish(configuration, problems);

            Forwarding forwarding = forwarder.isPresent()
                    ? parts.push("forwarder", PluginForwarding.create(forwarder.get(), plugins))
                    : parts.push("forwarding sink", CollectorForwarding.start(configuration.core().forward(),
                            services.metrics()));
            parts.push("sources", sources).start(forwarding.sink(), services, configuration.core().stateDir());
            Optional<StatusServer> status = StatusListener.start(parts, configuration,
                    forwarding.health(parts::running), services);
            sources.requireOneRunning(plugins.plugins().size());
            return new AgentRuntime(new SharedParts(configuration, services, plugins, sources, status, parts),
                    forwarding);
        } catch (RuntimeException | Error e) {
            parts.close();
            throw e;
        }
    }

    /** An agent forwards everything it reads: a store or a server of its own would never see an event. */
    private static void requireNothingButForwarding(Configuration configuration, List<ConfigProblem> problems) {
        if (!configuration.agent()) {
            problems.add(new ConfigProblem("forward.host", "theia core", "an agent needs a target: set "
                    + "forward.host (a collector) or forward.type (a plugin's forwarder)"));
        }
        if (!Configuration.NO_STORE.equals(configuration.storeType())) {
            problems.add(new ConfigProblem("store.type", "theia core", "an agent (forward.host is set) keeps no "
                    + "events: it forwards them to the collector; remove the store section or set type none"));
        }
        if (configuration.core().server().enabled()) {
            problems.add(new ConfigProblem("server.enabled", "theia core", "an agent (forward.host is set) runs no "
                    + "collector server; remove server.enabled or set it to false"));
        }
    }

    /** Where the sources deliver: a theia collector or a plugin's forwarder. */
    public Forwarding forwarding() {
        return forwarding;
    }

    /** The forwarding's sink. */
    @Override
    public EventSink sink() {
        return forwarding.sink();
    }

    /** Always empty: an agent keeps no events. */
    @Override
    public Optional<EventStore> store() {
        return Optional.empty();
    }

    /** Always empty: an agent serves no API (its status listener answers {@code /health} and {@code /metrics}). */
    @Override
    public Optional<CollectorServer> server() {
        return Optional.empty();
    }

}
