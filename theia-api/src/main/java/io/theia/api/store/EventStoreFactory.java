package io.theia.api.store;

import org.pf4j.ExtensionPoint;

/**
 * Extension point for a kind of event store, such as {@code naive} (data files) or {@code jdbc}.
 *
 * <p>The host reads the configuration's {@code store} section, picks the factory whose {@link #type()} equals
 * its {@code type}, binds the rest of the section to {@link #configType()} (rejecting unknown keys) and calls
 * {@link #create}. Factories are constructed by the host and may {@code @Inject} the
 * {@link io.theia.api.plugin.Host} (the one service injected). They must be stateless and thread-safe.
 *
 * @param <C> the store's configuration: a record whose components are the section's keys
 */
public interface EventStoreFactory<C> extends ExtensionPoint {

    /** The name of this kind of store in configuration, e.g. {@code naive}; unique among loaded plugins. */
    String type();

    /** The configuration record the host binds the store's section to. */
    Class<C> configType();

    /**
     * Opens a store. Never returns {@code null}.
     *
     * @throws EventStoreException when the store cannot be opened; the message names the cause (a directory,
     *     a database host)
     */
    EventStore create(C config);
}
