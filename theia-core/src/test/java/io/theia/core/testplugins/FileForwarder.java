package io.theia.core.testplugins;

import io.theia.api.event.Event;
import io.theia.api.source.EventForwarder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The test forwarder: appends the id of each delivered event to a file. */
public final class FileForwarder implements EventForwarder {

    private final FileForwarderConfig config;

    FileForwarder(FileForwarderConfig config) {
        this.config = config;
    }

    @Override
    public String target() {
        return "file " + config.file();
    }

    @Override
    public synchronized CompletionStage<Void> deliver(List<Event> events) {
        try {
            Files.write(config.file(), events.stream().map(Event::id).toList(), StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            return CompletableFuture.completedFuture(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
    }
}
