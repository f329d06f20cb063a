package io.theia.watcher;

import io.theia.api.plugin.Host;
import io.theia.api.source.EventSource;
import io.theia.api.source.EventSourceFactory;
import io.theia.api.source.SourceContext;
import jakarta.inject.Inject;
import org.pf4j.Extension;

/**
 * Makes {@code file} sources: follow files and globs like {@code tail -F}, one event per line, checkpoints
 * advanced only on acknowledgement. Configured by {@link FileSourceConfig}. Stateless and thread-safe.
 */
@Extension
public final class FileSourceFactory implements EventSourceFactory<FileSourceConfig> {

    /** The source type in configuration. */
    public static final String TYPE = "file";

    private final Host host;

    /** Creates the factory; the host injects itself, whose name tags every event and whose clock timestamps them. */
    @Inject
    public FileSourceFactory(Host host) {
        this.host = host;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Class<FileSourceConfig> configType() {
        return FileSourceConfig.class;
    }

    @Override
    public EventSource create(FileSourceConfig config, SourceContext context) {
        return new FileSource(config, context, host);
    }
}
