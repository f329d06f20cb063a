package io.theia.core.internal.runtime;

import io.theia.api.source.EventSink;
import io.theia.api.source.SourceContext;
import io.theia.api.source.SourceMetrics;
import java.nio.file.Path;

/** The {@link SourceContext} the runtime hands each source. */
record HostSourceContext(String name, EventSink sink, Path stateDirectory, SourceMetrics metrics)
        implements SourceContext {
}
