package io.theia.watcher;

import io.theia.api.source.EventSink;
import io.theia.api.source.SourceContext;
import java.nio.file.Path;
import java.time.Clock;

/** The context a test hands a source. */
record TestContext(String name, EventSink sink, String hostName, Clock clock, Path stateDirectory)
        implements SourceContext {

    static TestContext of(EventSink sink, Path stateDirectory) {
        return new TestContext("test-files", sink, "test-host", Clock.systemUTC(), stateDirectory);
    }
}
