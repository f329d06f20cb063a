package io.theia.core.internal.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;

/** A running {@code /live} subscription; {@link #close()} ends it. Thread-safe. */
public final class LiveStream implements AutoCloseable {

    private final Session session;
    private final CompletableFuture<Void> closed;

    LiveStream(Session session, CompletableFuture<Void> closed) {
        this.session = session;
        this.closed = closed;
    }

    /** Completes when the stream has ended: normally after {@link #close()}, exceptionally when it failed. */
    public CompletionStage<Void> closed() {
        return closed;
    }

    /** Ends the subscription (close code 1000); idempotent. */
    @Override
    public void close() {
        if (session.isOpen()) {
            session.close(StatusCode.NORMAL, null, Callback.NOOP);
        }
    }
}
