package io.theia.core.internal.runtime;

import io.theia.api.source.EventForwarder;
import io.theia.api.source.EventForwarderFactory;
import io.theia.core.internal.config.ConfigProblem;
import io.theia.core.internal.config.Configuration;
import io.theia.core.internal.plugins.PluginException;
import io.theia.core.internal.plugins.PluginHost;
import io.theia.core.internal.plugins.Provided;
import java.util.List;
import java.util.Optional;

/** A plugin's forwarder factory ({@code forward.type}) with its bound configuration, ready to create the forwarder. */
record ForwarderBinding<C>(Provided<EventForwarderFactory<C>> factory, String type, C config) {

    /** Binds the {@code forward} section to the factory of {@code type}, or adds a problem and returns null. */
    @SuppressWarnings("unchecked")
    static ForwarderBinding<?> bind(PluginHost plugins, String type, Configuration configuration,
            List<ConfigProblem> problems) {
        Optional<Provided<EventForwarderFactory<?>>> provided = plugins.forwarderFactory(type);
        if (provided.isEmpty()) {
            String offered = plugins.forwarderTypes();
            problems.add(new ConfigProblem("forward.type", "theia core", "no plugin provides the forward type '"
                    + type + "'; " + (offered.isEmpty() ? "no loaded plugin offers one" : "on offer: " + offered)
                    + "; '" + Configuration.WEBSOCKET_FORWARD + "' (the default) forwards to a collector"));
            return null;
        }
        return bindTyped((Provided<EventForwarderFactory<Object>>) (Provided<?>) provided.get(), configuration,
                problems);
    }

    private static <C> ForwarderBinding<C> bindTyped(Provided<EventForwarderFactory<C>> provided,
            Configuration configuration, List<ConfigProblem> problems) {
        EventForwarderFactory<C> factory = provided.extension();
        String owner = provided.owner() + " (forward type " + factory.type() + ")";
        C config = configuration.bindForwarder(factory.configType(), owner, problems);
        return config == null ? null : new ForwarderBinding<>(provided, factory.type(), config);
    }

    /** Creates the forwarder; a failure marks the plugin failed and is fatal, as for a store. */
    EventForwarder create(PluginHost plugins) {
        try {
            EventForwarder forwarder = factory.extension().create(config);
            if (forwarder == null) {
                throw new IllegalStateException("the factory returned no forwarder");
            }
            return forwarder;
        } catch (RuntimeException e) {
            plugins.markFailed(factory.pluginId(), e);
            throw new PluginException("the forwarder '" + type + "' of " + factory.owner() + " failed to start: "
                    + e.getMessage(), e);
        }
    }
}
