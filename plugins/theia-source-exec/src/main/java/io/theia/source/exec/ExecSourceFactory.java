package io.theia.source.exec;

import io.theia.api.plugin.Host;
import io.theia.api.source.EventSource;
import io.theia.api.source.EventSourceFactory;
import io.theia.api.source.SourceContext;
import jakarta.inject.Inject;
import org.pf4j.Extension;

/**
 * Makes {@code exec} sources. This class is what the host finds: {@code @Extension} makes PF4J's annotation
 * processor list it in {@code META-INF/extensions.idx}, and the host picks it for every {@code sources} entry whose
 * {@code type} is {@link #type()}.
 *
 * <p>Stateless and thread-safe, as the extension point requires: one factory serves every {@code exec} entry, so
 * everything that belongs to one running command lives in the {@link ExecSource} it creates.
 *
 * <p>The host builds factories with Guice: the {@code @Inject} constructor receives the {@link Host}, the only way
 * a plugin gets the machine's name (a tag on every event) and the clock (the events' timestamps). Everything that
 * belongs to one source (its name, sink, state directory) comes with the {@code SourceContext} instead.
 */
@Extension
public final class ExecSourceFactory implements EventSourceFactory<ExecSourceConfig> {

    private final Host host;

    /** Creates the factory with the host it runs in; the host calls this, tests pass a host of their own. */
    @Inject
    public ExecSourceFactory(Host host) {
        this.host = host;
    }

    @Override
    public String type() {
        return "exec";
    }

    @Override
    public Class<ExecSourceConfig> configType() {
        return ExecSourceConfig.class;
    }

    @Override
    public EventSource create(ExecSourceConfig config, SourceContext context) {
        // Only remember things here; start() is where threads and processes begin, so that a source the host
        // creates but never starts (another part failed) leaves nothing behind.
        return new ExecSource(config, context, host);
    }
}
