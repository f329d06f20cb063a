package io.theia.core.internal.runtime;

import io.theia.api.store.EventStore;
import io.theia.api.store.EventStoreFactory;
import io.theia.core.internal.config.ConfigProblem;
import io.theia.core.internal.config.Configuration;
import io.theia.core.internal.plugins.PluginException;
import io.theia.core.internal.plugins.PluginHost;
import io.theia.core.internal.plugins.Provided;
import java.util.List;

/** A store factory with its bound configuration, ready to open the store. */
record StoreBinding<C>(Provided<EventStoreFactory<C>> factory, String type, C config) {

    @SuppressWarnings("unchecked")
    static StoreBinding<?> bind(Provided<EventStoreFactory<?>> provided, Configuration configuration,
            List<ConfigProblem> problems) {
        return bindTyped((Provided<EventStoreFactory<Object>>) (Provided<?>) provided, configuration, problems);
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
