package io.theia.core.testplugins;

import io.theia.api.plugin.Host;
import io.theia.api.source.EventSource;
import io.theia.api.source.EventSourceFactory;
import io.theia.api.source.SourceContext;
import jakarta.inject.Inject;

/** A test source plugin whose factory takes the host by injection. */
public class TickSourceFactory implements EventSourceFactory<TickConfig> {

    private final Host host;

    /** Injected by the host. */
    @Inject
    public TickSourceFactory(Host host) {
        this.host = host;
    }

    @Override
    public String type() {
        return "tick";
    }

    @Override
    public Class<TickConfig> configType() {
        return TickConfig.class;
    }

    @Override
    public EventSource create(TickConfig config, SourceContext context) {
        return new TickSource(config, context, host.clock(), host.hostName());
    }
}
