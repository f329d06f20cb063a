package io.theia.bench;

import io.theia.api.source.EventSink;
import io.theia.api.source.SourceContext;
import java.nio.file.Path;
import java.time.Clock;

/** The source context of the watcher benchmarks: a sink and a state directory, fixed names, the system clock. */
record BenchContext(EventSink sink, Path stateDirectory) implements SourceContext {

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String hostName() {
        return "bench-host";
    }

    @Override
    public Clock clock() {
        return Clock.systemUTC();
    }
}
