package io.theia.core.testplugins;

import io.theia.api.source.EventSource;
import io.theia.api.source.EventSourceFactory;
import io.theia.api.source.SourceContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Clock;

/** A test source plugin whose factory takes host services by injection. */
public class TickSourceFactory implements EventSourceFactory<TickConfig> {

    private final Clock clock;
    private final String hostName;

    /** Injected by the host. */
    @Inject
    public TickSourceFactory(Clock clock, @Named("hostName") String hostName) {
        this.clock = clock;
        this.hostName = hostName;
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
        return new TickSource(config, context, clock, hostName);
    }
}
