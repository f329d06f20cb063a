package io.theia.core.client;

import io.theia.api.codec.EventReader;
import io.theia.api.event.Event;
import io.theia.core.internal.ExplicitDemandListener;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;

/**
 * The client side of {@code /find} and {@code /live}: sends the criteria, waits for {@code ok}, then hands every
 * event of every binary frame to {@link #onEvent}, reading the next frame only after the previous one was handled.
 * {@link #ready} completes at {@code ok}; {@link #done} completes at a normal close after {@code ok}, exceptionally
 * on an error reply, an abnormal close or a failing handler.
 */
abstract class StreamEndpoint implements ExplicitDemandListener.Handler {

    final CompletableFuture<Session> ready = new CompletableFuture<>();
    final CompletableFuture<Void> done = new CompletableFuture<>();
    private final URI uri;
    private final String criteria;
    private volatile Session session;
    private volatile boolean ok;
    private volatile String error;

    StreamEndpoint(URI uri, String criteria) {
        this.uri = uri;
        this.criteria = criteria;
    }

    abstract void onEvent(Event event);

    void onDropped(long count) {
    }

    @Override
    public void onOpen(Session opened) {
        session = opened;
        opened.sendText(criteria, Callback.NOOP);
        opened.demand();
    }

    @Override
    public void onText(String message) {
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
            callback.succeed();
        }
        if (!done.isDone()) {
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
