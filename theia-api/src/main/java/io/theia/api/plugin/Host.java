package io.theia.api.plugin;

import java.time.Clock;

/**
 * The host a plugin runs in, as a factory receives it by constructor injection: {@code @jakarta.inject.Inject} on a
 * public constructor that takes a {@code Host}. It is the one service the host injects; a factory with a public
 * no-argument constructor needs none.
 *
 * <p>What belongs to one source instance (its name, sink, state directory and metrics) comes with its
 * {@link io.theia.api.source.SourceContext}, which also offers this host's name and clock to the source, the same
 * objects as here: a source reads them from its context, a factory (a store's, say) from here. Thread-safe.
 */
public interface Host {

    /** The name of this machine, which sources add as a tag to their events (as the original watcher did). */
    String hostName();

    /** The clock to timestamp events with. */
    Clock clock();
}
