package io.theia.launcher;

import io.theia.api.TheiaException;
import io.theia.api.event.Event;
import io.theia.api.source.EventSink;
import io.theia.api.store.EventQuery;
import io.theia.api.store.EventStore;
import io.theia.core.internal.pipeline.LiveSubscription;
import io.theia.core.internal.runtime.CollectorRuntime;
import io.theia.core.internal.runtime.TheiaRuntime;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A running, embedded theia, started by {@link TheiaLauncher}. Thread-safe. Close it to stop sources, flush and
 * close the store and stop the plugins.
 *
 * <p>This class, {@link TheiaLauncher} and the types they return ({@link PluginState}, {@link SourceState} and the
 * theia-api types) are what an embedder may use; nothing of theia-core is handed out ({@code docs/architecture.md}).
 */
public final class Theia implements AutoCloseable {

    private static final int LIVE_CAPACITY = 10_000;

    private final TheiaRuntime runtime;

    Theia(TheiaRuntime runtime) {
        this.runtime = runtime;
    }

    /**
     * The store.
     *
     * @throws TheiaException in live-only mode, where nothing is stored
     */
    public EventStore store() {
        return runtime.store().orElseThrow(() -> new TheiaException("theia runs without a store (store.type: none)"));
    }

    /** The sink events enter by: stored, then streamed live; its completions finish once they are durable. */
    public EventSink sink() {
        return runtime.sink();
    }

    /**
     * Publishes events and waits until they are stored as durably as the store's mode promises.
     *
     * @throws TheiaException when they cannot be stored, with the store's error as cause
     */
    public void publish(Event... events) {
        try {
            runtime.sink().deliver(List.of(events)).toCompletableFuture().get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof TheiaException theia ? theia
                    : new TheiaException("publishing failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TheiaException("interrupted while publishing", e);
        }
    }

    /** Finds stored events; close the stream (try-with-resources) when done with it. */
    public Stream<Event> query(EventQuery query) {
        return store().search(query);
    }

    /**
     * Streams every event published from now on that matches {@code criteria} to {@code listener}, on a thread of
     * its own, until the returned handle is closed. A listener that cannot keep up loses events rather than slowing
     * publishers down: up to 10,000 events wait for it.
     *
     * @throws TheiaException in an agent, which keeps no live stream of its own
     */
    public AutoCloseable live(EventQuery criteria, Consumer<Event> listener) {
        if (!(runtime instanceof CollectorRuntime collector)) {
            throw new TheiaException("theia runs as an agent (forward section): its events are streamed live by "
                    + "the collector it forwards to");
        }
        LiveSubscription subscription = collector.liveHub().subscribe(criteria, LIVE_CAPACITY, here -> { });
        Thread thread = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Event event = subscription.poll(Duration.ofMillis(200));
                    if (event != null) {
                        listener.accept(event);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "theia-live-listener");
        thread.setDaemon(true);
        thread.start();
        return () -> {
            subscription.close();
            thread.interrupt();
            thread.join();
        };
    }

    /** The directories plugins were loaded from, in the order they were given. */
    public List<Path> pluginDirectories() {
        return runtime.configuration().core().plugins().directories();
    }

    /** Every plugin and its state. */
    public List<PluginState> plugins() {
        return runtime.plugins().stream().map(plugin -> new PluginState(plugin.id(), plugin.version(),
                PluginState.Status.valueOf(plugin.status().name()), plugin.extensions(),
                plugin.failure().map(failure -> plugin.failureMessage()))).toList();
    }

    /** Every configured source and whether it runs. */
    public List<SourceState> sources() {
        return runtime.sources().stream().map(source -> new SourceState(source.name(), source.type(),
                source.pluginId(), source.running(), source.failure().map(Theia::describe))).toList();
    }

    /** The address of the collector's WebSocket API ({@code ws://host:port}), when it serves one. */
    public Optional<URI> serverUri() {
        return runtime.server().map(server -> server.uri());
    }

    /** The metrics of this theia in the Prometheus text format, as its {@code /metrics} serves them. */
    public String metricsText() {
        return runtime.services().metrics().scrape();
    }

    private static String describe(Throwable failure) {
        return failure.getMessage() == null ? failure.toString() : failure.getMessage();
    }

    @Override
    public void close() {
        runtime.close();
    }
}
