package io.theia.core.internal.forward;

import io.theia.api.codec.EventReader;
import io.theia.api.event.Event;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * A stand-in for the original (Python) collector: {@code /event} reads every message, keeps its events and never
 * answers, whatever the query string asks for. Remembers the request URIs it was connected with.
 */
final class SilentCollector extends FakeCollector {

    final List<Event> received = new CopyOnWriteArrayList<>();

    SilentCollector() throws Exception {
        super(0);
        start();
    }

    @Override
    Session.Listener listenerFor(String query) {
        return new Listener();
    }

    /** Keeps the events of every message; says nothing. */
    public final class Listener implements Session.Listener.AutoDemanding {

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            keep(payload);
            callback.succeed();
        }

        @Override
        public void onWebSocketText(String message) {
            keep(ByteBuffer.wrap(message.getBytes(StandardCharsets.UTF_8)));
        }

        private void keep(ByteBuffer payload) {
            ByteBuffer copy = ByteBuffer.allocate(payload.remaining()).put(payload).flip();
            try (EventReader reader = EventReader.of(copy)) {
                Event event;
                while ((event = reader.read()) != null) {
                    received.add(event);
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
