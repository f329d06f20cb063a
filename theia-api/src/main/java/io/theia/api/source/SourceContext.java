package io.theia.api.source;

import java.nio.file.Path;
import java.time.Clock;

/**
 * What the host hands a source when it creates it: everything that belongs to this source instance, and the
 * host's name and clock (the same objects a factory gets from an injected {@link io.theia.api.plugin.Host}). A
 * source takes what it needs from here. Immutable and thread-safe.
 */
public interface SourceContext {

    /** The name of this source instance, unique in the configuration (for logs and metrics). */
    String name();

    /** Where the source delivers its events. */
    EventSink sink();

    /** The name of this machine, which sources add as a tag to their events (as the original watcher did). */
    String hostName();

    /** The clock to timestamp events with. */
    Clock clock();

    /**
     * A directory that belongs to this source alone and survives restarts, for checkpoints and other state.
     * The host creates it before the source is created.
     */
    Path stateDirectory();

    /** Where the source reports its own counters and gauges; by default nowhere. */
    default SourceMetrics metrics() {
        return SourceMetrics.NONE;
    }
}
