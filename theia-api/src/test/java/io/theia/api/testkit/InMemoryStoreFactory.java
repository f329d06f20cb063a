package io.theia.api.testkit;

import io.theia.api.store.EventStore;
import io.theia.api.store.EventStoreFactory;

/**
 * The store type {@code memory}: an {@link InMemoryEventStore}, for runtime tests of other plugins. Packaged by
 * {@link PluginArchive#memoryStore()}. Stateless and thread-safe.
 */
public final class InMemoryStoreFactory implements EventStoreFactory<InMemoryStoreFactory.Settings> {

    @Override
    public String type() {
        return "memory";
    }

    @Override
    public Class<Settings> configType() {
        return Settings.class;
    }

    @Override
    public EventStore create(Settings config) {
        return new InMemoryEventStore();
    }

    /** The memory store has no settings. */
    public record Settings() {
    }
}
