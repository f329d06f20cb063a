package io.theia.core.server;

import io.theia.api.codec.EventReader;
import io.theia.api.event.Event;
import io.theia.api.source.EventSink;
import io.theia.core.internal.ExplicitDemandListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code /event} connection: each text or binary message holds one or more serialized events, parsed whole
 * before any is delivered, so that a malformed message is answered with {@code {"error": …}} and nothing of it is
 * stored.
 *
 * <p>With acknowledgements ({@code /event?ack=1}) messages are numbered 1, 2, 3… and each gets exactly one reply,
 * {@code {"ack": N}} once the pipeline's completion says its events are durable, or {@code {"error": …, "seq": N}}.
 *
 * <p>Flow control: the next frame is read only while fewer than {@code maxInFlight} messages of this connection
 * are unfinished (parsed but not yet stored, or with a reply not yet written), so a fast pusher is slowed down to
 * the store's pace instead of filling memory. Jetty delivers one message at a time; completions come from the
 * pipeline's threads.
 */
final class EventEndpoint implements ExplicitDemandListener.Handler {

    private static final Logger LOG = LoggerFactory.getLogger(EventEndpoint.class);

    private final EventSink sink;
    private final ServerMetrics metrics;
    private final boolean acknowledged;
    private final int maxInFlight;
    private final int maxEventBytes;
    private final Runnable release;
    private final AtomicLong sequence = new AtomicLong();
    private final Object lock = new Object();
    private int inFlight;
    private boolean demandWithheld;
    private volatile Session session;

    EventEndpoint(EventSink sink, ServerMetrics metrics, boolean acknowledged, int maxInFlight, int maxEventBytes,
            Runnable release) {
        this.sink = sink;
        this.metrics = metrics;
        this.acknowledged = acknowledged;
        this.maxInFlight = maxInFlight;
        this.maxEventBytes = maxEventBytes;
        this.release = release;
    }

    @Override
    public void onOpen(Session opened) {
        this.session = opened;
        opened.demand();
    }

    @Override
    public void onText(String message) {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        accept(ByteBuffer.wrap(bytes));
    }

    @Override
    public void onBinary(ByteBuffer payload, Callback callback) {
        try {
            accept(payload);
        } finally {
            callback.succeed();
        }
    }

    @Override
    public void onError(Throwable cause) {
        LOG.debug("/event connection from {} failed", remote(), cause);
    }

    @Override
    public void onClose(int statusCode, String reason) {
        release.run();
    }

    /** Parses a whole message, then delivers it; the payload is not used after this returns. */
    private void accept(ByteBuffer payload) {
        long seq = sequence.incrementAndGet();
        int bytes = payload.remaining();
        synchronized (lock) {
            inFlight++;
        }
        List<Event> events;
        try {
            events = parse(payload);
        } catch (RuntimeException e) {
            metrics.messageRejected(bytes);
            LOG.debug("Rejected message {} from {}: {}", seq, remote(), e.getMessage());
            reply(acknowledged ? ControlMessages.error(e.getMessage(), seq) : ControlMessages.error(e.getMessage()));
            demandIfRoom();
            return;
        }
        metrics.received(events.size(), bytes);
        sink.deliver(events).whenComplete((ignored, failure) -> {
            if (failure != null) {
                metrics.eventsRejected(events.size());
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                String message = "events not stored: " + cause.getMessage();
                LOG.warn("Message {} from {}: {}", seq, remote(), message);
                reply(acknowledged ? ControlMessages.error(message, seq) : ControlMessages.error(message));
            } else if (acknowledged) {
                reply(ControlMessages.ack(seq));
            } else {
                finished();
            }
        });
        demandIfRoom();
    }

    private List<Event> parse(ByteBuffer payload) {
        List<Event> events = new ArrayList<>();
        try (EventReader reader = EventReader.of(payload, maxEventBytes)) {
            for (Event event = reader.read(); event != null; event = reader.read()) {
                events.add(event);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (events.isEmpty()) {
            throw new IllegalArgumentException("the message holds no event");
        }
        return events;
    }

    /** Sends a reply; the message is finished once it is written (or the connection is gone). */
    private void reply(String text) {
        session.sendText(text, Callback.from(this::finished, failure -> finished()));
    }

    private void demandIfRoom() {
        boolean demand;
        synchronized (lock) {
            demand = inFlight < maxInFlight;
            demandWithheld = !demand;
        }
        if (demand) {
            session.demand();
        }
    }

    private void finished() {
        boolean demand;
        synchronized (lock) {
            inFlight--;
            demand = demandWithheld && inFlight < maxInFlight;
            if (demand) {
                demandWithheld = false;
            }
        }
        if (demand) {
            session.demand();
        }
    }

    private Object remote() {
        Session current = session;
        return current == null ? "?" : current.getRemoteSocketAddress();
    }
}
