package io.theia.api.source;

import org.pf4j.ExtensionPoint;

/**
 * Extension point for a kind of event source, such as {@code file} or {@code syslog}.
 *
 * <p>For every entry of the configuration's {@code sources} list, the host picks the factory whose
 * {@link #type()} equals the entry's {@code type}, binds the rest of the entry to {@link #configType()}
 * (rejecting unknown keys) and calls {@link #create}. Factories are constructed by the host and may
 * {@code @Inject} the {@link io.theia.api.plugin.Host} (the one service injected, and the only way to the host's
 * name and clock, which the factory hands on to its sources). They must be stateless and thread-safe.
 *
 * @param <C> the source's configuration: a record whose components are the entry's keys
 */
public interface EventSourceFactory<C> extends ExtensionPoint {

    /** The name of this kind of source in configuration, e.g. {@code file}; unique among loaded plugins. */
    String type();

    /** The configuration record the host binds the source's entry to. */
    Class<C> configType();

    /**
     * Creates a source, not yet started. Never returns {@code null}.
     *
     * @param config the bound configuration
     * @param context the sink to deliver to and the host's services for this source
     * @throws io.theia.api.TheiaException when the configuration cannot work (the message names the key)
     */
    EventSource create(C config, SourceContext context);
}
