package io.theia.core.internal.server;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * A bare WebSocket client for tests: sends what it is told, records every frame it receives (text frames as
 * {@code String}, binary frames as {@code byte[]}) and the close code.
 */
public final class RawClient implements AutoCloseable {

    private final WebSocketClient client = new WebSocketClient();

    RawClient() throws Exception {
        client.setMaxTextMessageSize(64L * 1024 * 1024);
        client.setMaxBinaryMessageSize(64L * 1024 * 1024);
        client.setMaxFrameSize(64L * 1024 * 1024);
        client.start();
    }

    Connection connect(URI uri) throws Exception {
        Connection connection = new Connection();
        client.connect(connection, uri).get(10, TimeUnit.SECONDS);
        return connection;
    }

    /** Connects offering a WebSocket subprotocol. */
    Connection connect(URI uri, String subprotocol) throws Exception {
        Connection connection = new Connection();
        ClientUpgradeRequest upgrade = new ClientUpgradeRequest();
        upgrade.setSubProtocols(subprotocol);
        client.connect(connection, uri, upgrade).get(10, TimeUnit.SECONDS);
        return connection;
    }

    @Override
    public void close() throws Exception {
        client.stop();
    }

    /** One connection; frames land in {@link #received}. */
    public static final class Connection implements Session.Listener.AutoDemanding {
        final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
        volatile String closeReason;
        private volatile Session session;

        @Override
        public void onWebSocketOpen(Session opened) {
            session = opened;
        }

        @Override
        public void onWebSocketText(String message) {
            received.add(message);
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            byte[] bytes = new byte[payload.remaining()];
            payload.get(bytes);
            received.add(bytes);
            callback.succeed();
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason) {
            closeReason = reason;
            closeCode.complete(statusCode);
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            closeCode.complete(-1);
        }

        void sendText(String text) throws Exception {
            Callback.Completable sent = new Callback.Completable();
            session.sendText(text, sent);
            sent.get(10, TimeUnit.SECONDS);
        }

        void sendBinary(byte[] bytes) throws Exception {
            Callback.Completable sent = new Callback.Completable();
            session.sendBinary(ByteBuffer.wrap(bytes), sent);
            sent.get(10, TimeUnit.SECONDS);
        }

        void sendBinary(String text) throws Exception {
            sendBinary(text.getBytes(StandardCharsets.UTF_8));
        }

        /** The next frame, waiting up to ten seconds; fails when none comes. */
        Object next() throws InterruptedException {
            Object frame = received.poll(10, TimeUnit.SECONDS);
            if (frame == null) {
                throw new AssertionError("no frame within 10 s; closed: " + closeCode.getNow(null));
            }
            return frame;
        }

        String nextText() throws InterruptedException {
            Object frame = next();
            if (!(frame instanceof String text)) {
                throw new AssertionError("expected a text frame, got " + ((byte[]) frame).length + " binary bytes");
            }
            return text;
        }

        int awaitClose() throws Exception {
            return closeCode.get(10, TimeUnit.SECONDS);
        }

        /** The subprotocol the server accepted, or null. */
        String subprotocol() {
            return session.getUpgradeResponse().getAcceptedSubProtocol();
        }

        boolean isOpen() {
            return session.isOpen();
        }

        void close() {
            session.close();
        }

        void disconnect() {
            session.disconnect();
        }

        Duration idleTimeout() {
            return session.getIdleTimeout();
        }
    }
}
