package io.theia.bench;

import io.theia.api.plugin.Host;
import io.theia.api.source.EventSink;
import io.theia.api.source.SourceContext;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The source context of the watcher benchmarks: a sink and a state directory, a fixed name; and {@link #HOST}, the
 * host the benchmarks hand to factories as the host process would inject it (named {@code bench-host}, the system
 * clock).
 */
record BenchContext(EventSink sink, Path stateDirectory) implements SourceContext {

    /** What the benchmarks inject into factories. */
    static final Host HOST = new Host() {
        @Override
        public String hostName() {
            return "bench-host";
        }

        @Override
        public Clock clock() {
            return Clock.systemUTC();
        }
    };

    @Override
    public String name() {
        return "bench";
    }
}
