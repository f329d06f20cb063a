package io.theia.kafka;

import io.theia.api.source.EventSink;
import io.theia.api.source.SourceContext;
import io.theia.api.source.SourceMetrics;
import java.nio.file.Path;

/** A source context as the host makes it, with metrics the test can read. */
record TestContext(String name, EventSink sink, Path stateDirectory, SourceMetrics metrics)
        implements SourceContext {
}
