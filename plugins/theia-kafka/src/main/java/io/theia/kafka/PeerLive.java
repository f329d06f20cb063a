package io.theia.kafka;

import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import io.theia.api.store.EventReadException;
import io.theia.api.store.LiveFeed;
import io.theia.api.store.PartialNotice;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One subscriber's {@code /live} through the federated store: a {@code /live} stream on every peer with the
 * subscriber's criteria (so the peers filter), over the JDK's WebSocket client, whose events go to the
 * {@link LiveFeed.Listener} as they arrive. Ready once every peer answered {@code ok}.
 *
 * <p>Without partial results, a peer that cannot be reached, refuses the criteria, does not answer {@code ok} within
 * the connect timeout, closes the stream or breaks the connection fails the subscription with an
 * {@link EventReadException} naming it, and every other peer's stream is closed. With partial results
 * ({@link EventQuery#partial()}) such a peer is reported missing instead ({@link PartialNotice}) and connected again
 * every {@code retry} until it answers {@code ok}; then a notice without it says its events follow again. Events a
 * peer received while it was missing are not recovered (a {@code /find} over that time finds them).
 *
 * <p>A peer's {@code {"dropped": N}} is passed on ({@link LiveFeed.Listener#onDropped}). Frames are requested from a
 * peer one at a time as they are handed on, never held back: the subscriber's bounded queue drops what it cannot take.
 * Every {@code ping} each peer stream is pinged, so that a peer's idle timeout never closes a quiet subscription.
 * Thread-safe.
 */
final class PeerLive implements LiveFeed.Subscription {

    private static final Pattern DROPPED = Pattern.compile("\\{\\s*\"dropped\"\\s*:\\s*(\\d+)\\s*}");

    private final HttpClient client;
    private final List<String> peers;
    private final List<URI> uris;
    private final String criteria;
    private final EventQuery query;
    private final LiveFeed.Listener listener;
    private final ScheduledExecutorService scheduler;
    private final Duration connectTimeout;
    private final Duration retry;
    private final Duration ping;
    private final Runnable onClosed;
    /** Guarded by this: each peer's current connection (null while waiting to connect again). */
    private final PeerStream[] streams;
    /** Guarded by this: whether each peer answered {@code ok} on its current connection. */
    private final boolean[] live;
    /** Guarded by this: the peers reported missing, by index. */
    private final boolean[] missing;
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();
    private boolean ready;
    private boolean closed;

    PeerLive(HttpClient client, List<String> peers, List<URI> uris, EventQuery query, LiveFeed.Listener listener,
            ScheduledExecutorService scheduler, Duration connectTimeout, Duration retry, Duration ping,
            Runnable onClosed) {
        this.client = client;
        this.peers = peers;
        this.uris = uris;
        this.query = query;
        this.criteria = FederatedStore.liveCriteria(query);
        this.listener = listener;
        this.scheduler = scheduler;
        this.connectTimeout = connectTimeout;
        this.retry = retry;
        this.ping = ping;
        this.onClosed = onClosed;
        this.streams = new PeerStream[peers.size()];
        this.live = new boolean[peers.size()];
        this.missing = new boolean[peers.size()];
    }

    /** Connects to every peer. */
    void start() {
        synchronized (this) {
            for (int i = 0; i < peers.size() && !closed; i++) {
                connect(i);
            }
            if (closed) {
                return;
            }
            timers.add(scheduler.scheduleWithFixedDelay(this::pingAll, ping.toMillis(), ping.toMillis(),
                    TimeUnit.MILLISECONDS));
        }
    }

    /** Guarded by this. The connection's outcome may be handled on this thread, before this returns. */
    private void connect(int peer) {
        PeerStream stream = new PeerStream(peer);
        streams[peer] = stream;
        live[peer] = false;
        schedule(() -> unconfirmed(stream), connectTimeout.toMillis() + 1000);
        client.newWebSocketBuilder().connectTimeout(connectTimeout).subprotocols("theia-packed")
                .buildAsync(uris.get(peer), stream).whenComplete((socket, failure) -> {
                    if (failure != null) {
                        stream.failed("peer collector " + peers.get(peer) + " is unreachable: "
                                + describe(failure.getCause() == null ? failure : failure.getCause()));
                    } else {
                        stream.opened(socket);
                    }
                });
    }

    /** Guarded by this. */
    private void schedule(Runnable task, long delayMillis) {
        timers.removeIf(ScheduledFuture::isDone);
        timers.add(scheduler.schedule(task, delayMillis, TimeUnit.MILLISECONDS));
    }

    private synchronized void unconfirmed(PeerStream stream) {
        if (!live[stream.peer]) {
            failed(stream, "peer collector " + peers.get(stream.peer) + " did not confirm the live subscription "
                    + "within " + connectTimeout);
        }
    }

    private synchronized void confirmed(PeerStream stream) {
        int peer = stream.peer;
        if (closed || streams[peer] != stream || live[peer]) {
            return;
        }
        live[peer] = true;
        if (missing[peer]) {
            missing[peer] = false;
            query.report(new PartialNotice(missingPeers(), "peer collector " + peers.get(peer)
                    + " is back: its live events follow again"));
        }
        readyIfSettled();
    }

    private synchronized void failed(PeerStream stream, String message) {
        int peer = stream.peer;
        if (closed || streams[peer] != stream) {
            return;
        }
        stream.abort();
        if (!query.partial()) {
            closeAll();
            onClosed.run();
            listener.onFailure(new EventReadException(message));
            return;
        }
        streams[peer] = null;
        live[peer] = false;
        if (!missing[peer]) {
            missing[peer] = true;
            query.report(new PartialNotice(missingPeers(), message + "; its live events are missing"));
        }
        schedule(this::reconnect, retry.toMillis());
        readyIfSettled();
    }

    private synchronized void reconnect() {
        if (closed) {
            return;
        }
        for (int i = 0; i < peers.size() && !closed; i++) {
            if (streams[i] == null) {
                connect(i);
            }
        }
    }

    /** Guarded by this: once no peer is still connecting for the first time, the subscription is ready. */
    private void readyIfSettled() {
        if (ready) {
            return;
        }
        for (int i = 0; i < peers.size(); i++) {
            if (!live[i] && !missing[i]) {
                return;
            }
        }
        ready = true;
        listener.onReady();
    }

    private List<String> missingPeers() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < peers.size(); i++) {
            if (missing[i]) {
                names.add(peers.get(i));
            }
        }
        return names;
    }

    private synchronized void pingAll() {
        for (int i = 0; i < peers.size(); i++) {
            if (streams[i] != null && live[i]) {
                streams[i].ping();
            }
        }
    }

    private boolean current(PeerStream stream) {
        synchronized (this) {
            return !closed && streams[stream.peer] == stream;
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closeAll();
        }
        onClosed.run();
    }

    /** Guarded by this. */
    private void closeAll() {
        closed = true;
        timers.forEach(timer -> timer.cancel(false));
        timers.clear();
        for (PeerStream stream : streams) {
            if (stream != null) {
                stream.abort();
            }
        }
    }

    private static String describe(Throwable failure) {
        return failure.getMessage() == null ? failure.toString() : failure.getMessage();
    }

    /** One connection to one peer's {@code /live}. */
    private final class PeerStream implements WebSocket.Listener {
        private final int peer;
        private final PeerFrames frames = new PeerFrames();
        private WebSocket socket;
        private boolean aborted;
        private boolean ok;

        PeerStream(int peer) {
            this.peer = peer;
        }

        void opened(WebSocket opened) {
            synchronized (this) {
                socket = opened;
                if (aborted) {
                    opened.abort();
                    return;
                }
            }
            opened.sendText(criteria, true).whenComplete((sent, failure) -> {
                if (failure != null) {
                    failed("peer collector " + peers.get(peer) + ": sending the criteria failed: "
                            + describe(failure));
                }
            });
        }

        void failed(String message) {
            PeerLive.this.failed(this, message);
        }

        synchronized void abort() {
            aborted = true;
            if (socket != null) {
                socket.abort();
            }
        }

        synchronized void ping() {
            if (socket != null && !aborted) {
                socket.sendPing(ByteBuffer.allocate(0)).exceptionally(failure -> null);
            }
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            String reply = frames.addText(data, last);
            if (reply != null) {
                Matcher dropped = DROPPED.matcher(reply);
                if (!ok && reply.equals("ok")) {
                    ok = true;
                    confirmed(this);
                } else if (ok && dropped.matches()) {
                    if (current(this)) {
                        listener.onDropped(Long.parseLong(dropped.group(1)));
                    }
                } else {
                    failed("peer collector " + peers.get(peer) + " refused the live subscription: " + reply);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            List<Event> events;
            try {
                events = frames.add(data, last);
            } catch (java.io.IOException | RuntimeException e) {
                failed("peer collector " + peers.get(peer) + " sent an event that does not decode: " + describe(e));
                return null;
            }
            if (!events.isEmpty() && current(this)) {
                listener.onEvents(events);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            failed("peer collector " + peers.get(peer) + " ended the live stream with close code " + statusCode
                    + (reason == null || reason.isEmpty() ? "" : " (" + reason + ")"));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            failed("peer collector " + peers.get(peer) + ": the connection failed: " + describe(error));
        }
    }
}
