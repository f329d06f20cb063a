package io.theia.core.internal.client;

import io.theia.api.codec.EventReader;
import io.theia.api.event.Event;
import io.theia.core.internal.ExplicitDemandListener;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;

/**
 * The client side of {@code /find} and {@code /live}: sends the criteria, waits for {@code ok}, then hands every
 * event of every binary frame to {@link #onEvent}, reading the next frame only after the previous one was handled.
 * {@link #ready} completes at {@code ok}; {@link #done} completes at a normal close after {@code ok}, exceptionally
 * on an error reply, an abnormal close or a failing handler. With an {@linkplain #endWhenIdle idle timeout},
 * {@link #done} also completes normally (and the stream is closed from this side) once nothing has come for that
 * long after {@code ok}: for a collector that never closes the stream (the original's {@code /find}).
 */
abstract class StreamEndpoint implements ExplicitDemandListener.Handler {

    final CompletableFuture<Session> ready = new CompletableFuture<>();
    final CompletableFuture<Void> done = new CompletableFuture<>();
    private final URI uri;
    private final String criteria;
    private volatile Session session;
    private volatile boolean ok;
    private volatile String error;
    private volatile long lastActivityNanos = System.nanoTime();
    private volatile boolean handling;
    private volatile boolean endedIdle;
    private long idleTimeoutNanos;

    StreamEndpoint(URI uri, String criteria) {
        this.uri = uri;
        this.criteria = criteria;
    }

    abstract void onEvent(Event event);

    /** The address of the stream, e.g. {@code ws://collector:6433/find}. */
    final URI uri() {
        return uri;
    }

    void onDropped(long count) {
    }

    /**
     * Called after every event of a binary frame went to {@link #onEvent}: true to read the next frame now, false to
     * hold the stream (the collector then sends no more than its window and the socket buffers take) until
     * {@link #resume()}. Held streams are not idle.
     */
    boolean frameHandled() {
        return true;
    }

    /** Whether the stream is held (see {@link #frameHandled()}); a held stream is never ended as idle. */
    boolean held() {
        return false;
    }

    /** Reads the next frame of a stream {@link #frameHandled()} held; call once per hold. */
    void resume() {
        lastActivityNanos = System.nanoTime();
        Session current = session;
        if (current != null && !done.isDone()) {
            current.demand();
        }
    }

    /**
     * Ends the stream once nothing came for {@code timeout}: {@link #done} then completes normally after {@code ok},
     * exceptionally before it. Call before connecting.
     */
    void endWhenIdle(Duration timeout) {
        idleTimeoutNanos = timeout.toNanos();
        checkIdleIn(idleTimeoutNanos);
    }

    /** Whether the stream ended because it was idle rather than closed by the collector. */
    boolean endedIdle() {
        return endedIdle;
    }

    private void checkIdleIn(long nanos) {
        CompletableFuture.delayedExecutor(nanos, TimeUnit.NANOSECONDS).execute(() -> {
            if (done.isDone()) {
                return;
            }
            // Not idle while connecting (the connect timeout bounds that) or while a frame is being handled.
            long idle = handling || held() || session == null ? 0 : System.nanoTime() - lastActivityNanos;
            if (idle < idleTimeoutNanos) {
                checkIdleIn(idleTimeoutNanos - idle);
            } else if (ok) {
                endedIdle = true;
                done.complete(null);
                close();
            } else {
                fail(new CollectorException(uri + " did not answer the criteria within "
                        + Duration.ofNanos(idleTimeoutNanos)));
                close();
            }
        });
    }

    @Override
    public void onOpen(Session opened) {
        session = opened;
        lastActivityNanos = System.nanoTime();
        opened.sendText(criteria, Callback.NOOP);
        opened.demand();
    }

    @Override
    public void onText(String message) {
        lastActivityNanos = System.nanoTime();
        ControlReply reply = ControlReply.parse(message);
        if (reply.ok()) {
            ok = true;
            ready.complete(session);
        } else if (reply.dropped() >= 0) {
            handle(() -> onDropped(reply.dropped()));
        } else if (reply.error() != null) {
            error = reply.error();
            fail(new CollectorException(uri + " answered: " + reply.error()));
        }
        session.demand();
    }

    @Override
    public void onBinary(ByteBuffer payload, Callback callback) {
        handling = true;
        try (EventReader reader = EventReader.of(payload, Integer.MAX_VALUE)) {
            for (Event event = reader.read(); event != null; event = reader.read()) {
                Event received = event;
                if (!handle(() -> onEvent(received))) {
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            fail(new CollectorException("unreadable event from " + uri + ": " + e.getMessage(), e));
        } finally {
            lastActivityNanos = System.nanoTime();
            handling = false;
            callback.succeed();
        }
        if (!done.isDone() && frameHandled()) {
            session.demand();
        }
    }

    @Override
    public void onError(Throwable cause) {
        fail(new CollectorException("connection to " + uri + " failed: " + cause.getMessage(), cause));
    }

    @Override
    public void onClose(int statusCode, String reason) {
        if (statusCode == StatusCode.NORMAL && ok && error == null) {
            done.complete(null);
        } else {
            fail(new CollectorException("connection to " + uri + " closed (" + statusCode
                    + (reason == null || reason.isEmpty() ? "" : " " + reason) + ")"
                    + (error == null ? "" : ": " + error)));
        }
    }

    /** Closes the stream from this side. */
    void close() {
        Session current = session;
        if (current != null && current.isOpen()) {
            current.close(StatusCode.NORMAL, null, Callback.NOOP);
        }
    }

    private boolean handle(Runnable handler) {
        try {
            handler.run();
            return true;
        } catch (RuntimeException e) {
            fail(new CollectorException("the handler of " + uri + " failed: " + e.getMessage(), e));
            close();
            return false;
        }
    }

    private void fail(CollectorException failure) {
        ready.completeExceptionally(failure);
        done.completeExceptionally(failure);
    }
}
