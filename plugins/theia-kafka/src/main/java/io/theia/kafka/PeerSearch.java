package io.theia.kafka;

import io.theia.api.event.Event;
import io.theia.api.store.EventReadException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One {@code /find} on one peer collector (docs/protocol.md), over the JDK's WebSocket client: sends the criteria,
 * takes the {@code ok}, reads the events (one or, with the {@code theia-packed} subprotocol, several per binary frame)
 * until the peer closes with 1000. An {@code {"error": ...}} reply, another close code, a broken connection or a
 * peer that goes silent fail the search with an {@link EventReadException} naming the peer.
 *
 * <p>Flow control: the peer's frames are requested one at a time while fewer than {@value #HIGH_WATER} events wait to
 * be taken, so a slow consumer holds the peer's search back. {@link #next} is for one consumer thread.
 */
final class PeerSearch implements AutoCloseable {

    private static final int HIGH_WATER = 4096;
    private static final int LOW_WATER = 1024;
    private static final Object END = new Object();

    private final String peer;
    private final Duration readTimeout;
    private final BlockingQueue<Object> items = new LinkedBlockingQueue<>();
    private WebSocket socket;
    private boolean paused;
    private boolean finished;

    private PeerSearch(String peer, Duration readTimeout) {
        this.peer = peer;
        this.readTimeout = readTimeout;
    }

    /** Connects to a peer's {@code /find} and sends the criteria. */
    static PeerSearch open(HttpClient client, String peer, URI uri, String criteria, Duration connectTimeout,
            Duration readTimeout) {
        PeerSearch search = new PeerSearch(peer, readTimeout);
        try {
            WebSocket socket = client.newWebSocketBuilder().connectTimeout(connectTimeout)
                    .subprotocols("theia-packed").buildAsync(uri, search.new Listener())
                    .get(connectTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
            synchronized (search) {
                search.socket = socket;
            }
            socket.sendText(criteria, true).get(connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
            return search;
        } catch (ExecutionException e) {
            search.close();
            throw new EventReadException("peer collector " + peer + " is unreachable: " + describe(e.getCause()),
                    e.getCause());
        } catch (TimeoutException e) {
            search.close();
            throw new EventReadException("peer collector " + peer + " did not answer within " + connectTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            search.close();
            throw new EventReadException("interrupted while connecting to peer collector " + peer);
        }
    }

    /** The peer's next event, or null once it finished the search. */
    Event next() {
        if (finished) {
            return null;
        }
        Object item;
        try {
            item = items.poll(readTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventReadException("interrupted while reading from peer collector " + peer);
        }
        resumeIfDrained();
        if (item == null) {
            throw new EventReadException("peer collector " + peer + " sent nothing for " + readTimeout);
        }
        if (item == END) {
            finished = true;
            return null;
        }
        if (item instanceof Failure failure) {
            finished = true;
            throw new EventReadException(failure.message());
        }
        return (Event) item;
    }

    private synchronized void resumeIfDrained() {
        if (paused && items.size() < LOW_WATER && socket != null) {
            paused = false;
            socket.request(1);
        }
    }

    private synchronized void requestMore(WebSocket webSocket) {
        if (items.size() < HIGH_WATER) {
            webSocket.request(1);
        } else {
            paused = true;
        }
    }

    @Override
    public synchronized void close() {
        finished = true;
        if (socket != null) {
            socket.abort();
        }
    }

    private static String describe(Throwable failure) {
        return failure == null ? "unknown failure" : failure.getMessage() == null ? failure.toString()
                : failure.getMessage();
    }

    /** A failure of the search, with its message naming the peer. */
    private record Failure(String message) {
    }

    private final class Listener implements WebSocket.Listener {
        private final PeerFrames frames = new PeerFrames();
        private boolean ok;

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            String reply = frames.addText(data, last);
            if (reply != null) {
                if (!ok && reply.equals("ok")) {
                    ok = true;
                } else {
                    items.add(new Failure("peer collector " + peer + " refused the search: " + reply));
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            try {
                items.addAll(frames.add(data, last));
            } catch (IOException | RuntimeException e) {
                items.add(new Failure("peer collector " + peer + " sent an event that does not decode: "
                        + describe(e)));
            }
            requestMore(webSocket);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            if (statusCode == WebSocket.NORMAL_CLOSURE) {
                items.add(END);
            } else {
                items.add(new Failure("peer collector " + peer + " ended the search with close code " + statusCode
                        + (reason == null || reason.isEmpty() ? "" : " (" + reason + ")")));
            }
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            items.add(new Failure("peer collector " + peer + ": the connection failed: " + describe(error)));
        }
    }
}
