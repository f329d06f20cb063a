package io.theia.api.source;

/**
 * An agent's way to its collectors: the {@link EventSink} an agent's sources deliver to, created by an
 * {@link EventForwarderFactory}. Its {@link #deliver} completion finishes once the events are durably accepted by
 * the target (acknowledged by the remote collector, or by a message broker), so the sources' checkpoints advance
 * only then; while the target is unreachable, deliveries stay pending or fail, and nothing is lost.
 *
 * <p>Lifecycle: the host creates it before the sources start and closes it after they stopped. Thread-safe.
 */
public interface EventForwarder extends EventSink, AutoCloseable {

    /** Where events go, for logs and {@code /health}, e.g. {@code kafka topic theia-events at broker1:9092}. */
    String target();

    /**
     * Waits a bounded time for pending deliveries to be accepted, then releases the forwarder's resources. What
     * was not accepted by then is delivered again by its source after a restart, never lost. Idempotent.
     */
    @Override
    void close();
}
