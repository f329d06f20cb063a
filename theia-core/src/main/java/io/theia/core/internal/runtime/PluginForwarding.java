package io.theia.core.internal.runtime;

import io.theia.api.source.EventForwarder;
import io.theia.core.internal.plugins.PluginHost;
import io.theia.core.internal.server.HealthCheck;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An agent forwarding through a plugin's {@link EventForwarder}, the one {@code forward.type} names (such as
 * {@code kafka}).
 *
 * @param sink the plugin's forwarder
 */
public record PluginForwarding(EventForwarder sink) implements Forwarding {

    private static final Logger LOG = LoggerFactory.getLogger(TheiaRuntime.class);

    /**
     * Creates the forwarder of a bound {@code forward} section.
     *
     * @throws io.theia.core.internal.plugins.PluginException when the plugin fails to create it (the plugin is
     *     then marked failed)
     */
    static PluginForwarding create(ForwarderBinding<?> binding, PluginHost plugins) {
        EventForwarder forwarder = binding.create(plugins);
        LOG.info("Agent mode: sources forward to {}", forwarder.target());
        return new PluginForwarding(forwarder);
    }

    /** Up while the agent runs, naming where events go. */
    @Override
    public HealthCheck health(BooleanSupplier running) {
        return () -> running.getAsBoolean()
                ? HealthCheck.Health.up(Map.of("mode", "agent", "forwarder", sink.target()))
                : HealthCheck.Health.down("theia is stopping");
    }

    @Override
    public void close() {
        sink.close();
    }
}
