package io.theia.core.testplugins;

import io.theia.api.store.EventStore;
import io.theia.api.store.EventStoreException;
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
        if (Boolean.TRUE.equals(config.failOnOpen())) {
            throw new EventStoreException("cannot open the memory store: failOnOpen is set");
        }
        return new InMemoryEventStore();
    }
}
