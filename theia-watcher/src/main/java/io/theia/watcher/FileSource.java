package io.theia.watcher;

import io.theia.api.TheiaException;
import io.theia.api.plugin.Host;
import io.theia.api.source.EventSource;
import io.theia.api.source.SourceContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code file} source: follows files with {@code tail -F} semantics and delivers one event per line (or per
 * multi-line record) to the sink of its context, advancing its checkpoints only when the sink acknowledges.
 *
 * <p>It runs two threads: the reading thread ({@link TailLoop}) and one for acknowledgement work (retries and
 * checkpoint writes). It talks to nothing but the {@link io.theia.api.source.EventSink} it is given, so the same
 * source feeds a local pipeline or a forwarder to a remote collector. Start once, close once; thread-safe.
 */
final class FileSource implements EventSource {

    private static final Logger LOG = LoggerFactory.getLogger(FileSource.class);
    /** How long closing waits for deliveries in flight, so that fewer events repeat after a restart. */
    private static final Duration CLOSE_DRAIN = Duration.ofSeconds(2);
    private static final Duration THREAD_STOP = Duration.ofSeconds(10);

    private final FileSourceConfig config;
    private final SourceContext context;
    private final Host host;
    private ScheduledExecutorService acknowledgements;
    private CheckpointStore checkpoints;
    private DeliveryWindow window;
    private DirectoryWatcher watcher;
    private FileTracker tracker;
    private TailLoop loop;
    private Thread thread;
    private boolean started;
    private boolean closed;

    FileSource(FileSourceConfig config, SourceContext context, Host host) {
        this.config = config;
        this.context = context;
        this.host = host;
    }

    @Override
    public synchronized void start() {
        if (started || closed) {
            throw new IllegalStateException("file source '" + context.name() + "' was already started");
        }
        String name = context.name();
        List<String> tags = tags();
        Path checkpointDir = (config.checkpointDir() != null ? config.checkpointDir() : context.stateDirectory())
                .toAbsolutePath();
        acknowledgements = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread worker = new Thread(runnable, "theia-file-" + name + "-acks");
            worker.setDaemon(true);
            return worker;
        });
        try {
            checkpoints = CheckpointStore.open(checkpointDir, acknowledgements);
        } catch (RuntimeException e) {
            acknowledgements.shutdownNow();
            throw e;
        }
        window = new DeliveryWindow(name, context.sink(), config.maxInFlight(), acknowledgements,
                batch -> checkpoints.apply(batch.advanced(), batch.forgotten()));
        EventBatcher batcher = new EventBatcher(host.clock(), tags, config.batchSize(), config.batchDelay(),
                window);
        TrackedFile.Settings settings = new TrackedFile.Settings(config.charset(), config.maxLineBytes(),
                config.multiline() == null ? null : config.multiline().compiledStartPattern(),
                config.multiline() == null ? 0 : config.multiline().timeout().toNanos(),
                new FileMetrics(context.metrics()));
        FileDiscovery discovery = new FileDiscovery(config.paths(), config.directories(), config.exclude(),
                checkpointDir);
        tracker = new FileTracker(name, settings, batcher, checkpoints.all(),
                !config.startAtBeginning() && !checkpoints.existedBefore(), config.rotatedFileTimeout().toNanos(),
                discovery::covers);
        watcher = DirectoryWatcher.create(name);
        loop = new TailLoop(name, discovery, watcher, tracker, batcher, config.pollInterval().toNanos());
        thread = new Thread(loop, "theia-file-" + name);
        thread.setDaemon(true);
        thread.start();
        started = true;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!started) {
            return;
        }
        loop.stop();
        watcher.close();
        window.stopAccepting();
        join();
        window.awaitEmpty(CLOSE_DRAIN);
        window.close();
        checkpoints.close();
        acknowledgements.shutdown();
        try {
            if (!acknowledgements.awaitTermination(THREAD_STOP.toMillis(), TimeUnit.MILLISECONDS)) {
                acknowledgements.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tracker.close();
    }

    private void join() {
        try {
            thread.join(THREAD_STOP.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("Source '{}': the reading thread did not stop within {}", context.name(), THREAD_STOP);
        }
    }

    private List<String> tags() {
        List<String> tags = new ArrayList<>(config.tags());
        String hostName = host.hostName();
        if (hostName == null || hostName.isEmpty() || hostName.contains(",") || hostName.contains("\n")
                || hostName.contains("\r")) {
            throw new TheiaException("file source '" + context.name() + "': the host name '" + hostName
                    + "' cannot be a tag");
        }
        tags.add(hostName);
        return tags;
    }
}
