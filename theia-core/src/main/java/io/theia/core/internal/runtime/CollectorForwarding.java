package io.theia.core.internal.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.theia.core.internal.config.ForwardConfig;
import io.theia.core.internal.forward.ForwardingSink;
import io.theia.core.internal.server.HealthCheck;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An agent forwarding to a theia collector ({@code forward.host}, {@code forward.type} {@code websocket} or unset)
 * through a {@link ForwardingSink}.
 *
 * @param sink the forwarding sink, connected to {@link ForwardingSink#collector()}
 */
public record CollectorForwarding(ForwardingSink sink) implements Forwarding {

    private static final Logger LOG = LoggerFactory.getLogger(TheiaRuntime.class);

    /** Starts the forwarding sink the {@code forward} section describes; its meters go to {@code registry}. */
    static CollectorForwarding start(ForwardConfig config, MeterRegistry registry) {
        ForwardingSink sink = ForwardingSink.start(config, registry);
        LOG.info("Agent mode: sources forward to the collector at {} (acknowledge: {})", sink.collector(),
                config.acknowledge());
        return new CollectorForwarding(sink);
    }

    @Override
    public HealthCheck health(BooleanSupplier running) {
        return new AgentHealthCheck(sink, running);
    }

    @Override
    public void close() {
        sink.close();
    }
}
