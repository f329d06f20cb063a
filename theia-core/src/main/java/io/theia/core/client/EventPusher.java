package io.theia.core.client;

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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
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
 * allows and returns a completion that finishes when every one of them is acknowledged (with acknowledgements:
 * stored durably per the collector's store mode) or written (without), and exceptionally with a
 * {@link CollectorException} when the collector answers an error or the connection is lost before. Messages are
 * numbered 1, 2, 3… in the order they are sent, which is how acknowledgements are matched.
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
    private final Map<Long, CompletableFuture<Void>> pending = new ConcurrentHashMap<>();
    private final Object sendLock = new Object();
    private final Endpoint endpoint = new Endpoint();
    private long sequence;
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

    /** Whether the connection is open: not closed by either side, and no failure seen on it. */
    public boolean isOpen() {
        Session current = session;
        return closedCause == null && current != null && current.isOpen();
    }

    /** How many messages are sent and not yet acknowledged (or written). */
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
            done.completeExceptionally(new CollectorException("interrupted while waiting to push to " + uri, e));
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
            if (options.acknowledged()) {
                pending.put(seq, done);
            }
            session.sendBinary(message, Callback.from(() -> {
                if (!options.acknowledged()) {
                    done.complete(null);
                }
            }, failure -> {
                pending.remove(seq);
                done.completeExceptionally(new CollectorException("message " + seq + " to " + uri
                        + " was not sent: " + failure.getMessage(), failure));
            }));
        }
        return done;
    }

    private CollectorException tooLarge(Event event, int bytes) {
        return new CollectorException("event " + event.id() + " takes " + bytes + " bytes, more than the "
                + options.maxMessageBytes() + " bytes allowed per message");
    }

    private void connectionClosed(CollectorException cause) {
        synchronized (sendLock) {
            if (closedCause == null) {
                closedCause = cause;
            }
        }
        pending.values().forEach(future -> future.completeExceptionally(cause));
        pending.clear();
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
            if (reply.ack() >= 0) {
                CompletableFuture<Void> done = pending.remove(reply.ack());
                if (done != null) {
                    done.complete(null);
                }
            } else if (reply.error() != null) {
                CompletableFuture<Void> done = reply.seq() >= 0 ? pending.remove(reply.seq()) : null;
                if (done != null) {
                    done.completeExceptionally(new CollectorException(uri + " refused message " + reply.seq()
                            + ": " + reply.error()));
                } else {
                    LOG.warn("{} refused a message: {}", uri, reply.error());
                }
            }
            session.demand();
        }

        @Override
        public void onError(Throwable cause) {
            connectionClosed(new CollectorException("connection to " + uri + " failed: " + cause.getMessage(),
                    cause));
        }

        @Override
        public void onClose(int statusCode, String reason) {
            connectionClosed(new CollectorException("connection to " + uri + " closed (" + statusCode
                    + (reason == null || reason.isEmpty() ? "" : " " + reason) + ")"));
        }
    }
}
