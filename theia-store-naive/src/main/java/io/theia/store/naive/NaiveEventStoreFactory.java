package io.theia.store.naive;

import io.theia.api.plugin.Host;
import io.theia.api.store.EventStore;
import io.theia.api.store.EventStoreFactory;
import jakarta.inject.Inject;
import org.pf4j.Extension;

/** Creates {@link NaiveEventStore}s: the store of type {@code naive}. Stateless and thread-safe. */
@Extension
public final class NaiveEventStoreFactory implements EventStoreFactory<NaiveStoreConfig> {

    /** The type name used in configuration. */
    public static final String TYPE = "naive";

    private final Host host;

    /** Creates the factory; the host injects itself, whose clock the stores' retention measures ages by. */
    @Inject
    public NaiveEventStoreFactory(Host host) {
        this.host = host;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Class<NaiveStoreConfig> configType() {
        return NaiveStoreConfig.class;
    }

    @Override
    public EventStore create(NaiveStoreConfig config) {
        return NaiveEventStore.open(config, host.clock());
    }
}
