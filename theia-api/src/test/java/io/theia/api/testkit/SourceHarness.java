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
import java.time.Duration;
import java.util.List;

/**
 * Runs a source the way the host would, against a {@link RecordingSink}, without the host: the factory creates
 * the source from a configuration record and a context, the harness starts it and closes it at the end.
 *
 * <pre>{@code
 * try (SourceHarness<MySource> run = SourceHarness.start(new MySourceFactory(TestHost.SYSTEM), config)) {
 *     assertThat(run.awaitEvents(3)).extracting(Event::content).containsExactly("a", "b", "c");
 * }
 * }</pre>
 *
 * <p>The context has the name {@code test-source} and a fresh temporary state directory. What the host would inject
 * into the factory (its name and clock, a {@link io.theia.api.plugin.Host}) the test passes to the factory's
 * constructor: {@link TestHost#SYSTEM}, or {@link TestHost#withClock} for a clock of the test's own. Not
 * thread-safe; one test uses one harness.
 *
 * @param <S> the type of the source, for tests that look at what it exposes
 */
public final class SourceHarness<S extends EventSource> implements AutoCloseable {

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

    /** Creates and starts a source with a fresh recording sink. */
    public static <C, S extends EventSource> SourceHarness<S> start(EventSourceFactory<C> factory, C config) {
        return start(factory, config, new RecordingSink());
    }

    /** Creates and starts a source that delivers to this sink. */
    public static <C, S extends EventSource> SourceHarness<S> start(EventSourceFactory<C> factory, C config,
            RecordingSink sink) {
        return start(factory, config, sink, newStateDirectory());
    }

    /**
     * Creates and starts a source with this state directory: a test that starts a source again on the same
     * directory sees what a restarted host would (checkpoints, say).
     */
    @SuppressWarnings("unchecked")
    public static <C, S extends EventSource> SourceHarness<S> start(EventSourceFactory<C> factory, C config,
            RecordingSink sink, Path stateDirectory) {
        SourceContext context = context(sink, stateDirectory);
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
    public static SourceContext context(EventSink sink) {
        return context(sink, newStateDirectory());
    }

    /** A context as the host would make it, with this state directory (created if missing). */
    public static SourceContext context(EventSink sink, Path stateDirectory) {
        try {
            Files.createDirectories(stateDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new TestSourceContext("test-source", sink, stateDirectory);
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

    private record TestSourceContext(String name, EventSink sink, Path stateDirectory) implements SourceContext {
    }
}
