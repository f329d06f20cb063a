package io.theia.kafka;

import io.theia.api.store.EventStore;
import io.theia.api.store.EventStoreFactory;
import org.pf4j.Extension;

/**
 * Makes {@code federated} stores: read-only, answering {@code /find} for a set of peer collectors by querying each
 * over the theia WebSocket protocol and merging their results in order. Configured by {@link FederatedStoreConfig}.
 */
@Extension
public final class FederatedStoreFactory implements EventStoreFactory<FederatedStoreConfig> {

    /** The store type in configuration. */
    public static final String TYPE = "federated";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Class<FederatedStoreConfig> configType() {
        return FederatedStoreConfig.class;
    }

    @Override
    public EventStore create(FederatedStoreConfig config) {
        return new FederatedStore(config);
    }
}
