package io.theia.core.internal.runtime;

import io.theia.core.internal.config.Configuration;
import io.theia.core.internal.plugins.HostServices;
import io.theia.core.internal.server.HealthCheck;
import io.theia.core.internal.server.StatusServer;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The status listener both modes may have ({@code status} section): {@code GET /health}, answered by the mode's
 * health check, and {@code GET /metrics}, on a port of its own.
 */
final class StatusListener {

    private static final Logger LOG = LoggerFactory.getLogger(TheiaRuntime.class);

    private StatusListener() {
    }

    /**
     * Starts the listener when the configuration has one and pushes it onto {@code parts}.
     *
     * @return the listener, or empty when {@code status} is not configured
     * @throws io.theia.core.internal.server.ServerException when its port cannot be bound
     */
    static Optional<StatusServer> start(PartStack parts, Configuration configuration, HealthCheck health,
            HostServices services) {
        if (!configuration.core().status().enabled()) {
            return Optional.empty();
        }
        StatusServer server = parts.push("status listener",
                StatusServer.start(configuration.core().status(), health, services.metrics()));
        LOG.info("Status listener (/health, /metrics) on {}:{}", configuration.core().status().host(), server.port());
        return Optional.of(server);
    }
}
