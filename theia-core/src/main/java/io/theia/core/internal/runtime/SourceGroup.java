package io.theia.core.internal.runtime;

import io.theia.api.TheiaException;
import io.theia.api.source.EventSink;
import io.theia.api.source.EventSource;
import io.theia.api.source.EventSourceFactory;
import io.theia.api.source.SourceMetrics;
import io.theia.core.internal.config.ConfigProblem;
import io.theia.core.internal.config.Configuration;
import io.theia.core.internal.plugins.HostServices;
import io.theia.core.internal.plugins.PluginHost;
import io.theia.core.internal.plugins.Provided;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured sources, the part both modes share: bound to their plugins' factories while the configuration is
 * checked ({@link #bind}), then started against the one sink of the mode ({@link #start}): a collector's ingest
 * pipeline or an agent's forwarder. Each source delivers through a {@link CountingSink} and gets its own state
 * directory and metrics.
 *
 * <p>A source that fails to start is recorded as failed and the others run; when every configured source failed,
 * {@link #requireOneRunning} ends the start. {@link #close()} stops the started sources, the last first.
 * Thread-safe.
 */
final class SourceGroup implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TheiaRuntime.class);

    private final List<SourceBinding<?>> bindings;
    private final List<EventSource> running = new ArrayList<>();
    private final List<SourceInfo> infos = new ArrayList<>();

    private SourceGroup(List<SourceBinding<?>> bindings) {
        this.bindings = bindings;
    }

    /** Binds every {@code sources[i]} entry to its factory; what does not bind is added to {@code problems}. */
    static SourceGroup bind(PluginHost plugins, Configuration configuration, List<ConfigProblem> problems) {
        List<SourceBinding<?>> bindings = new ArrayList<>();
        for (int i = 0; i < configuration.sourceCount(); i++) {
            String type = configuration.sourceType(i);
            Optional<Provided<EventSourceFactory<?>>> factory = Optional.ofNullable(type)
                    .flatMap(plugins::sourceFactory);
            if (factory.isEmpty()) {
                problems.add(new ConfigProblem(Configuration.sourcePath(i) + ".type", "theia core",
                        (type == null ? "missing source type" : "no plugin provides the source type '" + type + "'")
                                + "; " + ConfigCheck.offered("source", plugins.sourceTypes())));
                continue;
            }
            SourceBinding<?> binding = SourceBinding.bind(factory.get(), configuration, i, problems);
            if (binding != null) {
                bindings.add(binding);
            }
        }
        return new SourceGroup(bindings);
    }

    /**
     * Creates and starts every bound source, delivering to {@code sink}; one that fails is recorded and the next
     * starts.
     *
     * @param stateRoot the directory under which each source gets {@code sources/<name>}
     */
    synchronized void start(EventSink sink, HostServices services, Path stateRoot) {
        for (SourceBinding<?> binding : bindings) {
            start(binding, sink, services, stateRoot);
        }
    }

    private void start(SourceBinding<?> binding, EventSink sink, HostServices services, Path stateRoot) {
        String name = binding.name();
        try {
            Path stateDirectory = stateRoot.resolve("sources").resolve(name);
            Files.createDirectories(stateDirectory);
            SourceMetrics metrics = new MicrometerSourceMetrics(services.metrics(), name);
            EventSource source = binding.create(new HostSourceContext(name, new CountingSink(sink, metrics),
                    stateDirectory, metrics));
            // Added before start() so that close() also stops a source that failed half way through starting.
            running.add(source);
            source.start();
            infos.add(new SourceInfo(name, binding.type(), binding.factory().pluginId(), true, Optional.empty()));
            LOG.info("Source '{}' ({} of {}) started", name, binding.type(), binding.factory().owner());
        } catch (IOException | RuntimeException e) {
            infos.add(new SourceInfo(name, binding.type(), binding.factory().pluginId(), false, Optional.of(e)));
            LOG.error("Source '{}' failed to start: {}", name, describe(e));
            LOG.debug("Source '{}' failed to start", name, e);
        }
    }

    /**
     * Logs that theia started, or with how many sources; a partial failure is a warning.
     *
     * @throws SourceStartException when sources are configured and none of them runs: the run has nothing to do
     */
    synchronized void requireOneRunning(int pluginCount) {
        List<SourceInfo> failed = infos.stream().filter(info -> !info.running()).toList();
        String failures = String.join("; ", failed.stream().map(info -> "'" + info.name() + "': "
                + info.failure().map(SourceGroup::describe).orElse("")).toList());
        if (!failed.isEmpty() && failed.size() == infos.size()) {
            throw new SourceStartException("no source could start: " + failures);
        }
        if (failed.isEmpty()) {
            LOG.info("theia started: {} plugin(s), {} source(s)", pluginCount, infos.size());
        } else {
            LOG.warn("theia started with {} of {} source(s) running; failed: {}", infos.size() - failed.size(),
                    infos.size(), failures);
        }
    }

    /** Every configured source that was started and whether it runs, in configuration order. */
    synchronized List<SourceInfo> infos() {
        return List.copyOf(infos);
    }

    /** Stops the started sources, the last first; a source that fails to close is logged and the next closes. */
    @Override
    public synchronized void close() {
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                running.get(i).close();
            } catch (Exception e) {
                LOG.error("Closing the {} failed", "source", e);
            }
        }
        running.clear();
    }

    private static String describe(Throwable failure) {
        return failure instanceof TheiaException || failure.getMessage() == null ? String.valueOf(
                failure.getMessage()) : failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }
}
