package io.theia.core.internal.client;

import io.theia.api.codec.EventWriter;
import io.theia.api.event.Event;
import io.theia.core.internal.ExplicitDemandListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection to a collector's {@code /event} endpoint that pushes events, optionally acknowledged.
 *
 * <p>{@link #push(List)} packs the events back to back into as few messages as {@link PushOptions#maxMessageBytes}
 * allows and returns a completion that finishes when every one of them is done as {@link PushOptions#confirmation}
 * says: acknowledged (stored durably per the collector's store mode), received (a ping sent after it was answered
 * by a pong) or written; exceptionally with a {@link PushException} saying why not. Messages are numbered 1, 2, 3…
 * in the order they are sent, which is how acknowledgements are matched.
 *
 * <p>With acknowledgements, only a well-formed {@code {"ack": N}} completes message N, and only
 * {@code {"error": …, "seq": N}} refuses it. Any other text frame (the original Python collector answers
 * {@code /event?ack=1} with empty text frames and stores nothing) means the collector does not acknowledge: every
 * outstanding message fails with {@link PushException.Reason#NOT_ACKNOWLEDGED} and the connection is closed. Such a
 * reply is never taken for "stored".
 *
 * <p>At most {@link PushOptions#maxInFlight} messages are outstanding; {@code push} blocks the calling thread
 * beyond that, which is how a slow collector slows its producers. Thread-safe.
 */
public final class EventPusher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventPusher.class);
    private static final ThreadLocal<EventWriter> WRITERS = ThreadLocal.withInitial(EventWriter::new);

    private final URI uri;
    private final PushOptions options;
    private final Semaphore permits;
    private final NavigableMap<Long, CompletableFuture<Void>> pending = new ConcurrentSkipListMap<>();
    private final Object sendLock = new Object();
    private final Endpoint endpoint = new Endpoint();
    private long sequence;
    /** {@link PushOptions.Confirmation#RECEIVED}: the last message written, and the one the ping in flight covers. */
    private long written;
    private long pinged;
    private volatile Session session;
    private volatile CollectorException closedCause;

    EventPusher(URI uri, PushOptions options) {
        this.uri = uri;
        this.options = options;
        this.permits = new Semaphore(options.maxInFlight());
    }

    Session.Listener endpoint() {
        return new ExplicitDemandListener(endpoint);
    }

    void opened(Session opened) {
        this.session = opened;
    }

    /** Pushes one event in a message of its own. */
    public CompletableFuture<Void> push(Event event) {
        byte[] bytes = WRITERS.get().encodeToArray(event);
        if (bytes.length > options.maxMessageBytes()) {
            return CompletableFuture.failedFuture(tooLarge(event, bytes.length));
        }
        return send(ByteBuffer.wrap(bytes));
    }

    /**
     * Pushes events, in order, batched into as few messages as fit.
     *
     * @return completes when every message is acknowledged (or written, without acknowledgements)
     */
    public CompletableFuture<Void> push(List<Event> events) {
        if (events.size() == 1) {
            return push(events.get(0));
        }
        List<CompletableFuture<Void>> messages = new ArrayList<>();
        EventWriter writer = WRITERS.get();
        ByteArrayOutputStream message = new ByteArrayOutputStream(Math.min(options.maxMessageBytes(), 64 * 1024));
        try {
            for (Event event : events) {
                byte[] bytes = writer.encodeToArray(event);
                if (bytes.length > options.maxMessageBytes()) {
                    messages.add(CompletableFuture.failedFuture(tooLarge(event, bytes.length)));
                    continue;
                }
                if (message.size() + bytes.length > options.maxMessageBytes()) {
                    messages.add(send(ByteBuffer.wrap(message.toByteArray())));
                    message.reset();
                }
                message.write(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (message.size() > 0) {
            messages.add(send(ByteBuffer.wrap(message.toByteArray())));
        }
        return CompletableFuture.allOf(messages.toArray(CompletableFuture[]::new));
    }

    /** The options this pusher was opened with. */
    public PushOptions options() {
        return options;
    }

    /** Whether the connection is open: not closed by either side, and no failure seen on it. */
    public boolean isOpen() {
        Session current = session;
        return closedCause == null && current != null && current.isOpen();
    }

    /** How many messages are sent and not yet done. */
    public int outstanding() {
        return options.maxInFlight() - permits.availablePermits();
    }

    /**
     * Waits up to {@code timeout} for every outstanding message to complete, then closes the connection normally.
     * Messages still outstanding then fail.
     */
    public void close(Duration timeout) {
        try {
            if (permits.tryAcquire(options.maxInFlight(), timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                permits.release(options.maxInFlight());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Session current = session;
        if (current != null && current.isOpen()) {
            current.close(StatusCode.NORMAL, null, Callback.NOOP);
        }
    }

    /** Closes as {@link #close(Duration)} with ten seconds' grace. */
    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    private CompletableFuture<Void> send(ByteBuffer message) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done.completeExceptionally(new PushException(PushException.Reason.CONNECTION,
                    "interrupted while waiting to push to " + uri, e));
            return done;
        }
        done.whenComplete((ignored, failure) -> permits.release());
        synchronized (sendLock) {
            CollectorException closed = closedCause;
            if (closed != null) {
                done.completeExceptionally(closed);
                return done;
            }
            long seq = ++sequence;
            if (options.confirmation() != PushOptions.Confirmation.WRITTEN) {
                pending.put(seq, done);
            }
            session.sendBinary(message, Callback.from(() -> {
                switch (options.confirmation()) {
                    case WRITTEN -> done.complete(null);
                    case RECEIVED -> written(seq);
                    case ACKNOWLEDGED -> {
                    }
                }
            }, failure -> {
                pending.remove(seq);
                done.completeExceptionally(new PushException(PushException.Reason.CONNECTION, "message " + seq
                        + " to " + uri + " was not sent: " + failure.getMessage(), failure));
            }));
        }
        return done;
    }

    /**
     * Message {@code seq} is written (messages are written in order): pings for it unless a ping is in flight, whose
     * pong then pings for the rest. A pong carries the number of the last message written before its ping, and every
     * WebSocket server reads frames in order, so the pong proves that message and all before it arrived.
     */
    private void written(long seq) {
        long ping;
        synchronized (sendLock) {
            written = Math.max(written, seq);
            if (pinged != 0 || closedCause != null) {
                return;
            }
            pinged = written;
            ping = pinged;
        }
        ping(ping);
    }

    private void ping(long seq) {
        session.sendPing(ByteBuffer.allocate(Long.BYTES).putLong(0, seq), Callback.from(() -> {
        }, failure -> connectionClosed(new PushException(PushException.Reason.CONNECTION, "ping to " + uri
                + " was not sent: " + failure.getMessage(), failure))));
    }

    private void ponged(ByteBuffer payload) {
        if (options.confirmation() != PushOptions.Confirmation.RECEIVED || payload.remaining() != Long.BYTES) {
            return;
        }
        long seq = payload.getLong(payload.position());
        long next;
        synchronized (sendLock) {
            if (seq != pinged) {
                return;
            }
            next = written > pinged ? written : 0;
            pinged = next;
        }
        NavigableMap<Long, CompletableFuture<Void>> received = pending.headMap(seq, true);
        for (var entry : received.entrySet()) {
            if (received.remove(entry.getKey(), entry.getValue())) {
                entry.getValue().complete(null);
            }
        }
        if (next != 0) {
            ping(next);
        }
    }

    private PushException tooLarge(Event event, int bytes) {
        return new PushException(PushException.Reason.TOO_LARGE, "event " + event.id() + " takes " + bytes
                + " bytes, more than the " + options.maxMessageBytes() + " bytes allowed per message");
    }

    private void connectionClosed(CollectorException cause) {
        synchronized (sendLock) {
            if (closedCause == null) {
                closedCause = cause;
            }
        }
        for (Long seq : pending.keySet()) {
            CompletableFuture<Void> future = pending.remove(seq);
            if (future != null) {
                future.completeExceptionally(cause);
            }
        }
    }

    /** Jetty's view of the connection: reads replies, one at a time. */
    private final class Endpoint implements ExplicitDemandListener.Handler {

        @Override
        public void onOpen(Session opened) {
            session = opened;
            opened.demand();
        }

        @Override
        public void onText(String message) {
            ControlReply reply = ControlReply.parse(message);
            if (!options.acknowledged()) {
                if (reply.error() != null) {
                    LOG.warn("{} refused a message: {}", uri, reply.error());
                }
            } else if (reply.ack() >= 0) {
                CompletableFuture<Void> done = pending.remove(reply.ack());
                if (done != null) {
                    done.complete(null);
                }
            } else if (reply.error() != null && reply.seq() >= 0) {
                CompletableFuture<Void> done = pending.remove(reply.seq());
                if (done != null) {
                    done.completeExceptionally(new PushException(reply.alreadyStored()
                            ? PushException.Reason.ALREADY_STORED : PushException.Reason.REFUSED, reply.code(),
                            uri + " refused message " + reply.seq() + ": " + reply.error()));
                }
            } else {
                notAcknowledging(message);
                return;
            }
            session.demand();
        }

        /** A reply that is no acknowledgement: the collector does not acknowledge, so nothing counts as stored. */
        private void notAcknowledging(String message) {
            String shown = message.isEmpty() ? "an empty text frame"
                    : "'" + (message.length() > 200 ? message.substring(0, 200) + "…" : message) + "'";
            LOG.debug("{} answered {} instead of an acknowledgement", uri, shown);
            connectionClosed(new PushException(PushException.Reason.NOT_ACKNOWLEDGED, uri + " answered " + shown
                    + " instead of an acknowledgement: it does not acknowledge, so nothing sent on this connection "
                    + "is known to be stored"));
            Session current = session;
            if (current != null && current.isOpen()) {
                current.close(StatusCode.NORMAL, "no acknowledgements", Callback.NOOP);
            }
        }

        @Override
        public void onPong(ByteBuffer payload) {
            ponged(payload);
        }

        @Override
        public void onError(Throwable cause) {
            connectionClosed(new PushException(PushException.Reason.CONNECTION, "connection to " + uri + " failed: "
                    + cause.getMessage(), cause));
        }

        @Override
        public void onClose(int statusCode, String reason) {
            connectionClosed(new PushException(PushException.Reason.CONNECTION, "connection to " + uri + " closed ("
                    + statusCode + (reason == null || reason.isEmpty() ? "" : " " + reason) + ")"));
        }
    }
}
