package io.theia.core.internal.forward;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * A collector whose {@code /event} answers each message with the text a script makes of the message's number on its
 * connection (1, 2, 3…) and the number of messages received so far on all connections (1 for the first). Stores
 * nothing; counts what it received.
 */
final class ScriptedCollector extends FakeCollector {

    final AtomicInteger messages = new AtomicInteger();
    private final BiFunction<Long, Integer, String> script;

    /** {@code script} gets the message's number on its connection and the count of messages received so far. */
    ScriptedCollector(BiFunction<Long, Integer, String> script) throws Exception {
        super(0);
        this.script = script;
        start();
    }

    @Override
    Session.Listener listenerFor(String query) {
        return new Listener();
    }

    /** Answers every message as the script says. */
    public final class Listener implements Session.Listener.AutoDemanding {

        private Session session;
        private long seq;

        @Override
        public void onWebSocketOpen(Session opened) {
            session = opened;
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            callback.succeed();
            answer();
        }

        @Override
        public void onWebSocketText(String message) {
            answer();
        }

        private void answer() {
            seq++;
            session.sendText(script.apply(seq, messages.incrementAndGet()), Callback.NOOP);
        }
    }
}
