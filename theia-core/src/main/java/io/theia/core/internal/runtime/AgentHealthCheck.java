package io.theia.core.internal.runtime;

import io.theia.core.internal.forward.ForwardingSink;
import io.theia.core.internal.server.HealthCheck;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * An agent's answer to {@code GET /health} on its status listener: healthy while it runs, with where it forwards,
 * whether the collector acknowledges and how many events wait for it. A collector that is down is not the agent's
 * ill health: its sources pause and catch up, which {@code pendingEvents} shows.
 */
final class AgentHealthCheck implements HealthCheck {

    private final ForwardingSink forwarder;
    private final BooleanSupplier running;

    AgentHealthCheck(ForwardingSink forwarder, BooleanSupplier running) {
        this.forwarder = forwarder;
        this.running = running;
    }

    @Override
    public Health check() {
        if (!running.getAsBoolean()) {
            return Health.down("theia is stopping");
        }
        return Health.up(Map.of("mode", "agent", "collector", forwarder.collector().toString(),
                "delivery", forwarder.bestEffort() ? "best effort" : "acknowledged",
                "pendingEvents", forwarder.pendingEvents()));
    }
}
