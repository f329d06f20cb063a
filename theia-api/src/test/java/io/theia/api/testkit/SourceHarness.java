package io.theia.api.testkit;

import io.theia.api.event.Event;
import io.theia.api.source.EventSink;
import io.theia.api.source.EventSource;
import io.theia.api.source.EventSourceFactory;
import io.theia.api.source.SourceContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Runs a source the way the host would, against a {@link RecordingSink}, without the host: the factory creates
 * the source from a configuration record and a context, the harness starts it and closes it at the end.
 *
 * <pre>{@code
 * try (SourceHarness<MySource> run = SourceHarness.start(new MySourceFactory(), config)) {
 *     assertThat(run.awaitEvents(3)).extracting(Event::content).containsExactly("a", "b", "c");
 * }
 * }</pre>
 *
 * <p>The context has the name {@code test-source}, the host name {@value #HOST_NAME}, the given clock (UTC system
 * clock by default) and a fresh temporary state directory. Not thread-safe; one test uses one harness.
 *
 * @param <S> the type of the source, for tests that look at what it exposes
 */
public final class SourceHarness<S extends EventSource> implements AutoCloseable {

    /** The host name the context hands the source. */
    public static final String HOST_NAME = "test-host";
    /** How long {@link #awaitEvents(int)} waits. */
    public static final Duration PATIENCE = Duration.ofSeconds(30);

    private final S source;
    private final RecordingSink sink;
    private final SourceContext context;

    private SourceHarness(S source, RecordingSink sink, SourceContext context) {
        this.source = source;
        this.sink = sink;
        this.context = context;
    }

    /** Creates and starts a source with a fresh recording sink and the system UTC clock. */
    public static <C, S extends EventSource> SourceHarness<S> start(EventSourceFactory<C> factory, C config) {
        return start(factory, config, new RecordingSink(), Clock.systemUTC());
    }

    /** Creates and starts a source that delivers to this sink and reads this clock. */
    public static <C, S extends EventSource> SourceHarness<S> start(EventSourceFactory<C> factory, C config,
            RecordingSink sink, Clock clock) {
        return start(factory, config, sink, clock, newStateDirectory());
    }

    /**
     * Creates and starts a source with this state directory: a test that starts a source again on the same
     * directory sees what a restarted host would (checkpoints, say).
     */
    @SuppressWarnings("unchecked")
    public static <C, S extends EventSource> SourceHarness<S> start(EventSourceFactory<C> factory, C config,
            RecordingSink sink, Clock clock, Path stateDirectory) {
        SourceContext context = context(sink, clock, stateDirectory);
        S source = (S) factory.create(config, context);
        if (source == null) {
            throw new AssertionError(factory.getClass().getName() + ".create returned null");
        }
        try {
            source.start();
        } catch (RuntimeException | Error e) {
            source.close();
            throw e;
        }
        return new SourceHarness<>(source, sink, context);
    }

    /** A context as the host would make it, with a fresh temporary state directory. */
    public static SourceContext context(EventSink sink, Clock clock) {
        return context(sink, clock, newStateDirectory());
    }

    /** A context as the host would make it, with this state directory (created if missing). */
    public static SourceContext context(EventSink sink, Clock clock, Path stateDirectory) {
        try {
            Files.createDirectories(stateDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new TestSourceContext("test-source", sink, HOST_NAME, clock, stateDirectory);
    }

    private static Path newStateDirectory() {
        try {
            return Files.createTempDirectory("theia-source-state");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The running source. */
    public S source() {
        return source;
    }

    /** The sink the source delivers to. */
    public RecordingSink sink() {
        return sink;
    }

    /** The context the source was created with. */
    public SourceContext context() {
        return context;
    }

    /** Waits (up to {@link #PATIENCE}) until at least {@code count} events arrived and returns them all. */
    public List<Event> awaitEvents(int count) {
        return sink.awaitEvents(count, PATIENCE);
    }

    /** Closes the source. */
    @Override
    public void close() {
        source.close();
    }

    private record TestSourceContext(String name, EventSink sink, String hostName, Clock clock,
            Path stateDirectory) implements SourceContext {
    }
}
