package io.theia.api.testkit;

import io.theia.api.store.EventStore;

/** The reference store passes the conformance kit. */
class InMemoryEventStoreTest extends EventStoreContract {

    @Override
    protected EventStore openStore() {
        return new InMemoryEventStore();
    }

    @Override
    protected boolean persistent() {
        return false;
    }
}
