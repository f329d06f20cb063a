package io.theia.api.source;

/**
 * A running producer of events, such as a file tail or a syslog listener, created by an
 * {@link EventSourceFactory}.
 *
 * <p>Lifecycle: the host calls {@link #start()} once, then {@link #close()} once when it shuts down (close may
 * also come without a start, after a failed start of another part). A source runs on threads of its own and
 * delivers to the {@link SourceContext#sink()} it was given.
 */
public interface EventSource extends AutoCloseable {

    /**
     * Starts producing events and returns promptly; the work goes on in the source's own threads.
     *
     * @throws io.theia.api.TheiaException when the source cannot start (a port in use, an unreadable path); the
     *     host marks the source failed with that message and keeps the other sources running
     */
    void start();

    /**
     * Stops producing, waits for the source's threads to end and releases its resources. Events whose delivery
     * has not completed may be delivered again after a restart, never lost. Idempotent.
     */
    @Override
    void close();
}
