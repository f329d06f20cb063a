package io.theia.source.exec;

import io.theia.api.source.EventSource;
import io.theia.api.source.EventSourceFactory;
import io.theia.api.source.SourceContext;
import org.pf4j.Extension;

/**
 * Makes {@code exec} sources. This class is what the host finds: {@code @Extension} makes PF4J's annotation
 * processor list it in {@code META-INF/extensions.idx}, and the host picks it for every {@code sources} entry whose
 * {@code type} is {@link #type()}.
 *
 * <p>Stateless and thread-safe, as the extension point requires: one factory serves every {@code exec} entry, so
 * everything that belongs to one running command lives in the {@link ExecSource} it creates.
 */
@Extension
public final class ExecSourceFactory implements EventSourceFactory<ExecSourceConfig> {

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
        return new ExecSource(config, context);
    }
}
