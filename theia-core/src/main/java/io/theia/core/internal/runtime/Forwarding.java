package io.theia.core.internal.runtime;

import io.theia.api.source.EventSink;
import io.theia.core.internal.server.HealthCheck;
import java.util.function.BooleanSupplier;

/**
 * Where an agent's sources deliver, the part that makes a runtime an agent: a theia collector over the WebSocket
 * protocol ({@link CollectorForwarding}, {@code forward.host}) or a plugin's forwarder ({@link PluginForwarding},
 * {@code forward.type}). Created before the sources start, closed after they stopped, so that what they delivered
 * is flushed.
 */
public sealed interface Forwarding extends AutoCloseable permits CollectorForwarding, PluginForwarding {

    /** The sink the agent's sources deliver to; its completions finish once the target accepted the events. */
    EventSink sink();

    /** The agent's answer to {@code GET /health} on its status listener, down once {@code running} is false. */
    HealthCheck health(BooleanSupplier running);

    /** Flushes what waits for a bounded time and releases the connection; idempotent. */
    @Override
    void close();
}
