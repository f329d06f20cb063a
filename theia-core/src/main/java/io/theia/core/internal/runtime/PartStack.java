package io.theia.core.internal.runtime;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parts of a runtime in the order they started, closed in the reverse order: by {@link #close()}, by a JVM
 * shutdown hook once {@link #closeOnShutdown()} registered one, and by a mode's start when a later part fails, so
 * that a failed start leaves nothing running. A part is pushed before it starts (or right after it was created),
 * so that one that fails half way through starting is closed too.
 *
 * <p>Closing is idempotent, logs (and otherwise ignores) a part that fails to close so the parts below it still
 * close, and ends with "theia stopped". Thread-safe.
 */
final class PartStack implements AutoCloseable {

    /** The runtime's log lines keep one logger, whichever part writes them. */
    private static final Logger LOG = LoggerFactory.getLogger(TheiaRuntime.class);

    private final List<Part> parts = new ArrayList<>();
    private final List<Part> closed = new ArrayList<>();
    private final Thread shutdownHook = new Thread(this::close, "theia-shutdown");
    private volatile boolean closing;

    /** One started part: its name for logs, the part itself and how it is closed. */
    record Part(String name, Object part, AutoCloseable closer) {
    }

    /** Adds a part that closes itself; returns it. */
    <T extends AutoCloseable> T push(String name, T part) {
        return push(name, part, part);
    }

    /**
     * Adds a part with the action that closes it; returns the part.
     *
     * @throws IllegalStateException when the stack is already closed (the part is closed at once)
     */
    synchronized <T> T push(String name, T part, AutoCloseable closer) {
        if (closing) {
            closeQuietly(new Part(name, part, closer));
            throw new IllegalStateException("the runtime is closed; the " + name + " was closed at once");
        }
        parts.add(new Part(name, part, closer));
        return part;
    }

    /** Whether the runtime runs: true until {@link #close()} begins. Health checks answer "stopping" after. */
    boolean running() {
        return !closing;
    }

    /** Closes the stack when the JVM is asked to end while it still runs. */
    void closeOnShutdown() {
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** The parts still open, in start order: what a runtime is composed of. */
    synchronized List<Part> open() {
        return List.copyOf(parts);
    }

    /** The parts closed so far, in the order they were closed. */
    synchronized List<Part> closed() {
        return List.copyOf(closed);
    }

    /** Closes every part, the last started first; idempotent. */
    @Override
    public synchronized void close() {
        if (closing) {
            return;
        }
        closing = true;
        for (int i = parts.size() - 1; i >= 0; i--) {
            closeQuietly(parts.remove(i));
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // the JVM is shutting down (this may be the hook itself) or the hook was never added
        }
        LOG.info("theia stopped");
    }

    private void closeQuietly(Part part) {
        try {
            part.closer().close();
        } catch (Exception e) {
            LOG.error("Closing the {} failed", part.name(), e);
        }
        closed.add(part);
    }
}
