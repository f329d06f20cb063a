package io.theia.core.internal.runtime;

import io.theia.api.store.EventStore;
import io.theia.api.store.EventStoreFactory;
import io.theia.core.internal.config.ConfigProblem;
import io.theia.core.internal.config.Configuration;
import io.theia.core.internal.plugins.PluginException;
import io.theia.core.internal.plugins.PluginHost;
import io.theia.core.internal.plugins.Provided;
import java.util.List;
import java.util.Optional;

/** A store factory with its bound configuration, ready to open the store. */
record StoreBinding<C>(Provided<EventStoreFactory<C>> factory, String type, C config) {

    /**
     * Binds the {@code store} section to the factory of {@code store.type}: empty for {@link Configuration#NO_STORE}
     * (live only), and empty with a problem added when no plugin provides the type or the settings do not bind.
     */
    @SuppressWarnings("unchecked")
    static Optional<StoreBinding<?>> bind(PluginHost plugins, Configuration configuration,
            List<ConfigProblem> problems) {
        String type = configuration.storeType();
        if (Configuration.NO_STORE.equals(type)) {
            return Optional.empty();
        }
        Optional<Provided<EventStoreFactory<?>>> provided = plugins.storeFactory(type);
        if (provided.isEmpty()) {
            problems.add(new ConfigProblem("store.type", "theia core", "no plugin provides the store type '" + type
                    + "'; " + ConfigCheck.offered("store", plugins.storeTypes()) + "; 'none' keeps nothing"));
            return Optional.empty();
        }
        return Optional.ofNullable(bindTyped((Provided<EventStoreFactory<Object>>) (Provided<?>) provided.get(),
                configuration, problems));
    }

    private static <C> StoreBinding<C> bindTyped(Provided<EventStoreFactory<C>> provided,
            Configuration configuration, List<ConfigProblem> problems) {
        EventStoreFactory<C> factory = provided.extension();
        String owner = provided.owner() + " (store type " + factory.type() + ")";
        C config = configuration.bindStore(factory.configType(), owner, problems);
        return config == null ? null : new StoreBinding<>(provided, factory.type(), config);
    }

    /** Opens the store; a failure marks the plugin failed and is fatal. */
    EventStore open(PluginHost plugins) {
        try {
            EventStore store = factory.extension().create(config);
            if (store == null) {
                throw new IllegalStateException("the factory returned no store");
            }
            return store;
        } catch (RuntimeException e) {
            plugins.markFailed(factory.pluginId(), e);
            throw new PluginException("the store '" + type + "' of " + factory.owner() + " failed to open: "
                    + e.getMessage(), e);
        }
    }
}
