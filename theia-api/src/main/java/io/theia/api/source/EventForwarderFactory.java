package io.theia.api.source;

import org.pf4j.ExtensionPoint;

/**
 * Extension point for a kind of forwarding target of an agent, chosen by {@code forward.type} (docs/scale-out.md).
 * The built-in {@code websocket} type (a theia collector, the default) is the host's own; a plugin adds others, such
 * as {@code kafka}.
 *
 * <p>The host binds the {@code forward} section without its {@code type} to {@link #configType()} (rejecting unknown
 * keys) and calls {@link #create} once. Factories are constructed by the host. They must be stateless and
 * thread-safe.
 *
 * @param <C> the forwarder's configuration: a record whose components are the section's keys
 */
public interface EventForwarderFactory<C> extends ExtensionPoint {

    /** The name of this kind of target in configuration ({@code forward.type}), e.g. {@code kafka}. */
    String type();

    /** The configuration record the host binds the {@code forward} section to. */
    Class<C> configType();

    /**
     * Creates the forwarder; it may start connecting in the background. Never returns {@code null}.
     *
     * @throws io.theia.api.TheiaException when the configuration cannot work (the message names the key)
     */
    EventForwarder create(C config);
}
