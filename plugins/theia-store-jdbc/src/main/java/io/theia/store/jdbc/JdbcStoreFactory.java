package io.theia.store.jdbc;

import io.theia.api.store.EventStore;
import io.theia.api.store.EventStoreFactory;
import org.pf4j.Extension;

/**
 * Makes {@code jdbc} stores: events in a PostgreSQL table, configured by {@link JdbcStoreConfig}. The password may
 * come from the environment variable {@code passwordEnv} names. Stateless and thread-safe.
 */
@Extension
public final class JdbcStoreFactory implements EventStoreFactory<JdbcStoreConfig> {

    /** The store type in configuration. */
    public static final String TYPE = "jdbc";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Class<JdbcStoreConfig> configType() {
        return JdbcStoreConfig.class;
    }

    @Override
    public EventStore create(JdbcStoreConfig config) {
        return JdbcEventStore.open(config, System.getenv());
    }
}
