package io.theia.store.jdbc.testplugins;

import io.theia.api.store.EventStore;
import io.theia.api.store.EventStoreFactory;
import io.theia.api.testkit.InMemoryEventStore;

/** A test store plugin: events in memory. */
public class MemoryStoreFactory implements EventStoreFactory<MemoryStoreConfig> {

    @Override
    public String type() {
        return "memory";
    }

    @Override
    public Class<MemoryStoreConfig> configType() {
        return MemoryStoreConfig.class;
    }

    @Override
    public EventStore create(MemoryStoreConfig config) {
        return new InMemoryEventStore();
    }
}
