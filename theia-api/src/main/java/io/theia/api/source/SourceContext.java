package io.theia.api.source;

import java.nio.file.Path;

/**
 * What the host hands a source when it creates it: what belongs to this source instance alone (its name, sink,
 * state directory and metrics). What belongs to the whole host (its name, the clock) is not here: the source's
 * factory receives it by constructor injection of an {@link io.theia.api.plugin.Host} and hands it on, so each
 * thing has one way to get it. Immutable and thread-safe.
 */
public interface SourceContext {

    /** The name of this source instance, unique in the configuration (for logs and metrics). */
    String name();

    /** Where the source delivers its events. */
    EventSink sink();

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
