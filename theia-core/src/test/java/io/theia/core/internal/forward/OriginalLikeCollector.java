package io.theia.core.internal.forward;

import io.theia.api.codec.EventReader;
import io.theia.api.event.Event;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * A stand-in for the original (Python) collector as measured: its router compares the whole request path, query
 * included, so {@code /event?ack=1} is an unknown path, where every message is answered with an empty text frame and
 * nothing is stored; on {@code /event} it stores only the <em>first</em> event of each message and answers nothing.
 * Pings are answered with pongs (as the Python websockets library does). Remembers the request URIs. Made
 * {@linkplain #OriginalLikeCollector(int, boolean) silent}, it does not even answer {@code /event?ack=1}.
 */
final class OriginalLikeCollector extends FakeCollector {

    final List<Event> stored = new CopyOnWriteArrayList<>();
    private final boolean silent;

    OriginalLikeCollector() throws Exception {
        this(0, false);
    }

    /** On {@code port} (0: a free one); {@code silent}: messages on an unknown path are not answered either. */
    OriginalLikeCollector(int port, boolean silent) throws Exception {
        super(port);
        this.silent = silent;
        start();
    }

    @Override
    Session.Listener listenerFor(String query) {
        return new Listener(query != null);
    }

    /** One connection: an unknown path (any query string) or {@code /event}. */
    public final class Listener implements Session.Listener.AutoDemanding {

        private final boolean unknownPath;
        private Session session;

        Listener(boolean unknownPath) {
            this.unknownPath = unknownPath;
        }

        @Override
        public void onWebSocketOpen(Session opened) {
            session = opened;
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            if (unknownPath) {
                if (!silent) {
                    session.sendText("", Callback.NOOP);
                }
            } else {
                keepFirst(payload);
            }
            callback.succeed();
        }

        @Override
        public void onWebSocketText(String message) {
            session.sendText("", Callback.NOOP);
        }

        @Override
        public void onWebSocketPing(ByteBuffer payload) {
            session.sendPong(payload, Callback.NOOP);
        }

        private void keepFirst(ByteBuffer payload) {
            ByteBuffer copy = ByteBuffer.allocate(payload.remaining()).put(payload).flip();
            try (EventReader reader = EventReader.of(copy)) {
                Event first = reader.read();
                if (first != null) {
                    stored.add(first);
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
