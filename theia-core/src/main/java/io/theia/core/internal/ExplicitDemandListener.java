package io.theia.core.internal;

import java.nio.ByteBuffer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * Adapts a {@link Handler} to Jetty's {@link Session.Listener} without automatic demand: the handler calls
 * {@link Session#demand()} itself whenever it is ready for the next message, which is how theia's endpoints apply
 * flow control. Pings are answered here and pongs passed on, each followed by the demand they consumed.
 *
 * <p>Public only because Jetty calls listener methods through public method handles; not an API.
 */
public final class ExplicitDemandListener implements Session.Listener {

    /** What a theia endpoint handles; every call for one connection comes one at a time. */
    public interface Handler {

        /** The connection is open; the handler demands its first message. */
        void onOpen(Session session);

        /** A whole text message. */
        default void onText(String message) {
        }

        /** A whole binary message; the handler completes {@code callback} once it no longer needs the payload. */
        default void onBinary(ByteBuffer payload, Callback callback) {
            callback.succeed();
        }

        /** A pong arrived (it is read here, the next demand follows by itself). */
        default void onPong(ByteBuffer payload) {
        }

        /** The connection failed; {@link #onClose} follows. */
        default void onError(Throwable cause) {
        }

        /** The connection is closed. */
        void onClose(int statusCode, String reason);
    }

    private final Handler handler;
    private volatile Session session;

    /** A listener passing everything to {@code handler}. */
    public ExplicitDemandListener(Handler handler) {
        this.handler = handler;
    }

    @Override
    public void onWebSocketOpen(Session opened) {
        session = opened;
        handler.onOpen(opened);
    }

    @Override
    public void onWebSocketText(String message) {
        handler.onText(message);
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        handler.onBinary(payload, callback);
    }

    @Override
    public void onWebSocketPing(ByteBuffer payload) {
        session.sendPong(payload, Callback.NOOP);
        session.demand();
    }

    @Override
    public void onWebSocketPong(ByteBuffer payload) {
        handler.onPong(payload);
        session.demand();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        handler.onError(cause);
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        try {
            handler.onClose(statusCode, reason);
        } finally {
            callback.succeed();
        }
    }
}
