package io.theia.api.plugin;

import java.time.Clock;

/**
 * The host a plugin runs in, as a factory receives it by constructor injection: {@code @jakarta.inject.Inject} on a
 * public constructor that takes a {@code Host}. It is the one service the host injects; a factory with a public
 * no-argument constructor needs none.
 *
 * <p>This is the only way a plugin gets the host's name and clock: a source factory that needs them injects a
 * {@code Host} and hands it (or what it needs of it) to the sources it creates. What belongs to one source
 * instance (its name, sink, state directory and metrics) comes with its {@link io.theia.api.source.SourceContext}.
 * Thread-safe.
 */
public interface Host {

    /** The name of this machine, which sources add as a tag to their events (as the original watcher did). */
    String hostName();

    /** The clock to timestamp events with. */
    Clock clock();
}
