package io.theia.core.testplugins;

import io.theia.api.event.Event;
import io.theia.api.source.EventSource;
import io.theia.api.source.SourceContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Delivers {@code count} events in batches of ten on its own thread, and appends the ids of each batch to
 * {@code acked.txt} in its state directory once the sink's completion says they are durable, as a real source
 * advances its checkpoint.
 */
public class TickSource implements EventSource {

    private final TickConfig config;
    private final SourceContext context;
    private final Clock clock;
    private final String hostName;
    private final Path acked;
    private Thread thread;

    TickSource(TickConfig config, SourceContext context, Clock clock, String hostName) {
        this.config = config;
        this.context = context;
        this.clock = clock;
        this.hostName = hostName;
        this.acked = context.stateDirectory().resolve("acked.txt");
    }

    @Override
    public void start() {
        if (Boolean.TRUE.equals(config.failOnStart())) {
            throw new io.theia.api.TheiaException("tick source " + context.name() + " cannot start: failOnStart is set");
        }
        thread = new Thread(this::run, "tick-" + context.name());
        thread.start();
    }

    private void run() {
        List<String> tags = new ArrayList<>(config.tags());
        tags.add(hostName);
        for (int start = 0; start < config.count(); start += 10) {
            List<Event> batch = new ArrayList<>();
            for (int i = start; i < Math.min(config.count(), start + 10); i++) {
                batch.add(new Event(config.prefix() + i, clock.instant(), context.name(), tags, "tick " + i));
            }
            context.sink().deliver(batch).thenRun(() -> record(batch));
        }
    }

    private synchronized void record(List<Event> batch) {
        StringBuilder lines = new StringBuilder();
        batch.forEach(event -> lines.append(event.id()).append('\n'));
        try {
            Files.writeString(acked, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (thread != null) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
