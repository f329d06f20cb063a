package io.theia.core.internal.server;

import io.theia.api.codec.EventReader;
import io.theia.api.event.Event;
import io.theia.api.source.EventSink;
import io.theia.api.store.DuplicateEventException;
import io.theia.api.store.EventsInDoubtException;
import io.theia.core.internal.client.ReplyCode;
import io.theia.core.internal.ExplicitDemandListener;
import io.theia.core.internal.MessageBudget;
import io.theia.core.internal.pipeline.StagedSink;
import io.theia.core.internal.security.IngestLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
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
 * <p>Delivery is coalesced per connection: one batch is being saved at a time, and the messages that arrive
 * meanwhile go to the pipeline together as the next batch (a connection-level group commit, which is what makes
 * one-event messages fast). When such a combined batch fails to save, its messages are delivered again one by one,
 * so that each gets its own ack or error. When nothing is being saved and saves are quick, the reader saves a small
 * batch itself instead of handing it over ({@link StagedSink#deliverStagedHere}): at a low rate an event then reaches
 * {@code /live} subscribers without a thread hand-off.
 *
 * <p>Saving and forcing overlap ({@link StagedSink}): the next batch is handed over as soon as the last one is
 * saved, while the store is still making that one durable. Answers stay in message order all the same: a message
 * is answered only once it is durable (or refused) and every earlier message has been answered. When the store
 * cannot make a batch durable, that batch and every batch saved before the failure was known are answered with
 * {@code "events may be stored: …"}, never acknowledged, even if the store later reports them durable.
 *
 * <p>Flow control: the next frame is read only while fewer than {@code maxInFlight} messages (and fewer than
 * {@code maxBytesInFlight} bytes) of this connection are unfinished: parsed but not yet stored, or with a reply not
 * yet written, and while the server's {@link MessageBudget} has room (all connections together). A fast pusher is so
 * slowed down to the store's pace instead of filling memory. Jetty delivers one message at a time; completions come
 * from the pipeline's threads.
 *
 * <p>A message over its token's ingest rate ({@link IngestLimits}) is answered
 * {@code {"error": …, "code": "rate_limited"}} (with its {@code seq} when acknowledged) and nothing of it is stored.
 */
final class EventEndpoint implements ExplicitDemandListener.Handler {

    private static final Logger LOG = LoggerFactory.getLogger(EventEndpoint.class);

    private final StagedSink sink;
    private final ServerMetrics metrics;
    private final boolean acknowledged;
    private final int maxInFlight;
    private final long maxBytesInFlight;
    private final int maxEventBytes;
    private final Runnable release;
    private final MessageBudget budget;
    private IngestLimits.Limiter limiter = IngestLimits.Limiter.UNLIMITED;
    private final AtomicLong sequence = new AtomicLong();
    private final Object lock = new Object();
    private final ArrayDeque<Message> queued = new ArrayDeque<>();
    /** Batches handed to the sink so far (numbered from 1 in the order they were handed over). */
    private final AtomicLong batches = new AtomicLong();
    /** Saved or refused messages waiting for their answer, in order. */
    private final ArrayDeque<Answer> answers = new ArrayDeque<>();
    private boolean delivering;
    private boolean answering;
    /** Answering thread only: batches up to this number were saved before a durability failure was known. */
    private long inDoubtThrough;
    private Throwable inDoubtCause;
    private int inFlight;
    private long bytesInFlight;
    private boolean demandWithheld;
    private volatile Session session;

    EventEndpoint(EventSink sink, ServerMetrics metrics, boolean acknowledged, int maxInFlight, long maxBytesInFlight,
            int maxEventBytes, MessageBudget budget, Runnable release) {
        this.budget = budget;
        this.sink = StagedSink.of(sink);
        this.metrics = metrics;
        this.acknowledged = acknowledged;
        this.maxInFlight = maxInFlight;
        this.maxBytesInFlight = maxBytesInFlight;
        this.maxEventBytes = maxEventBytes;
        this.release = release;
    }

    /** Limits the ingest rate of this connection's messages; before it opens. */
    EventEndpoint limitedBy(IngestLimits.Limiter limiter) {
        this.limiter = limiter;
        return this;
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

    /** Parses a whole message, then queues it for delivery; the payload is not used after this returns. */
    private void accept(ByteBuffer payload) {
        long seq = sequence.incrementAndGet();
        int bytes = payload.remaining();
        synchronized (lock) {
            inFlight++;
            bytesInFlight += bytes;
        }
        budget.take(bytes);
        List<Event> events;
        try {
            events = parse(payload);
        } catch (RuntimeException e) {
            metrics.messageRejected(bytes);
            LOG.debug("Rejected message {} from {}: {}", seq, remote(), e.getMessage());
            reply(acknowledged ? ControlMessages.error(e.getMessage(), seq, ReplyCode.MALFORMED)
                    : ControlMessages.error(e.getMessage(), ReplyCode.MALFORMED), bytes);
            demandIfRoom();
            return;
        }
        if (!limiter.tryAcquire(events.size(), bytes)) {
            metrics.rateLimited(bytes);
            LOG.debug("Rate-limited message {} from {}", seq, remote());
            String text = "over the token's ingest rate: nothing of this message was stored, send it again later";
            reply(acknowledged ? ControlMessages.error(text, seq, ReplyCode.RATE_LIMITED)
                    : ControlMessages.error(text, ReplyCode.RATE_LIMITED), bytes);
            demandIfRoom();
            return;
        }
        metrics.received(events.size(), bytes);
        List<Message> batch = null;
        synchronized (lock) {
            queued.add(new Message(seq, events, bytes));
            if (!delivering) {
                delivering = true;
                batch = takeQueued();
            }
        }
        if (batch != null) {
            deliver(batch);
        }
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

    private List<Message> takeQueued() {
        List<Message> batch = new ArrayList<>(queued);
        queued.clear();
        return batch;
    }

    private void deliver(List<Message> batch) {
        List<Event> events;
        if (batch.size() == 1) {
            events = batch.get(0).events();
        } else {
            events = new ArrayList<>();
            for (Message message : batch) {
                events.addAll(message.events());
            }
        }
        long index = batches.incrementAndGet();
        // this reader may save a small batch itself when the pipeline is idle: no hand-off on the way to /live
        StagedSink.Delivery delivery = sink.deliverStagedHere(events);
        delivery.saved().whenComplete((ignored, failure) -> {
            if (failure == null) {
                awaitDurable(batch, index, delivery.durable());
                deliverNext();
            } else if (batch.size() == 1 || cause(failure) instanceof EventsInDoubtException) {
                // in doubt: saving the messages again would only find them "already stored", durable or not
                answerInTurn(batch, index, failure);
                deliverNext();
            } else {
                deliverOneByOne(batch, 0);
            }
        });
    }

    /** After a combined batch failed: each message again on its own, in order, so each gets its own answer. */
    private void deliverOneByOne(List<Message> batch, int position) {
        if (position == batch.size()) {
            deliverNext();
            return;
        }
        List<Message> alone = List.of(batch.get(position));
        long index = batches.incrementAndGet();
        StagedSink.Delivery delivery = sink.deliverStaged(alone.get(0).events());
        delivery.saved().whenComplete((ignored, failure) -> {
            if (failure == null) {
                awaitDurable(alone, index, delivery.durable());
            } else {
                answerInTurn(alone, index, failure);
            }
            deliverOneByOne(batch, position + 1);
        });
    }

    private void deliverNext() {
        List<Message> batch = null;
        synchronized (lock) {
            if (queued.isEmpty()) {
                delivering = false;
            } else {
                batch = takeQueued();
            }
        }
        if (batch != null) {
            deliver(batch);
        }
    }

    /** Queues the answer to saved messages, given once they are durable (and every earlier message answered). */
    private void awaitDurable(List<Message> batch, long index, CompletionStage<Void> durable) {
        Answer answer = new Answer(batch, index);
        synchronized (lock) {
            answers.add(answer);
        }
        durable.whenComplete((ignored, failure) -> {
            synchronized (lock) {
                answer.settled = true;
                if (failure != null) {
                    answer.failure = failure;
                    answer.durabilityFailure = true;
                    // whatever was saved after these messages and before this failure is in doubt too
                    answer.savedBeforeFailure = batches.get();
                }
            }
            answerSettled();
        });
    }

    /** Queues the refusal of messages whose save failed, given once every earlier message is answered. */
    private void answerInTurn(List<Message> batch, long index, Throwable failure) {
        Answer answer = new Answer(batch, index);
        answer.settled = true;
        answer.failure = failure;
        synchronized (lock) {
            answers.add(answer);
        }
        answerSettled();
    }

    /**
     * Answers the settled messages at the head of the queue, in order, one thread at a time: an answer is never
     * sent before the answers to the messages that came earlier.
     */
    private void answerSettled() {
        Answer next;
        synchronized (lock) {
            if (answering) {
                return;
            }
            next = settledHead();
            if (next == null) {
                return;
            }
            answering = true;
        }
        while (next != null) {
            answer(next);
            synchronized (lock) {
                next = settledHead();
                if (next == null) {
                    answering = false;
                }
            }
        }
    }

    private Answer settledHead() {
        Answer head = answers.peek();
        if (head == null || !head.settled) {
            return null;
        }
        return answers.poll();
    }

    /** Answering thread only. */
    private void answer(Answer answer) {
        Throwable failure = answer.failure;
        if (answer.durabilityFailure) {
            inDoubtThrough = Math.max(inDoubtThrough, answer.savedBeforeFailure);
            inDoubtCause = failure;
        } else if (failure == null && answer.index <= inDoubtThrough) {
            // saved while an earlier message's durability was pending, and that failed: not acknowledged
            Throwable cause = cause(inDoubtCause);
            failure = new EventsInDoubtException("saved while earlier messages on this connection could not be made"
                    + " durable: " + cause.getMessage(), cause);
        }
        for (Message message : answer.batch) {
            if (failure == null) {
                stored(message);
            } else {
                refused(message, failure);
            }
        }
    }

    private void stored(Message message) {
        if (acknowledged) {
            reply(ControlMessages.ack(message.seq()), message.bytes());
        } else {
            finished(message.bytes());
        }
    }

    private void refused(Message message, Throwable failure) {
        metrics.eventsRejected(message.events().size());
        Throwable cause = cause(failure);
        // a store that could not undo a failed write does not know whether the events are stored
        ReplyCode code = cause instanceof EventsInDoubtException ? ReplyCode.IN_DOUBT
                : cause instanceof DuplicateEventException ? ReplyCode.ALREADY_STORED : ReplyCode.NOT_STORED;
        String text = (code == ReplyCode.IN_DOUBT ? "events may be stored: " : "events not stored: ")
                + cause.getMessage();
        LOG.warn("Message {} from {}: {}", message.seq(), remote(), text);
        reply(acknowledged ? ControlMessages.error(text, message.seq(), code) : ControlMessages.error(text, code),
                message.bytes());
    }

    private static Throwable cause(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    /** Sends a reply; the message is finished once it is written (or the connection is gone). */
    private void reply(String text, int bytes) {
        session.sendText(text, Callback.from(() -> finished(bytes), failure -> finished(bytes)));
    }

    private void demandIfRoom() {
        boolean demand;
        synchronized (lock) {
            demand = hasRoom();
            demandWithheld = !demand;
        }
        if (demand) {
            session.demand();
        } else {
            waitForTheBudget();
        }
    }

    private void finished(int bytes) {
        synchronized (lock) {
            inFlight--;
            bytesInFlight -= bytes;
        }
        budget.give(bytes);
        resume();
    }

    /** Reads on if reading was withheld and there is room now; called again when the server's budget frees up. */
    private void resume() {
        boolean demand;
        synchronized (lock) {
            demand = demandWithheld && hasRoom();
            if (demand) {
                demandWithheld = false;
            }
        }
        if (demand) {
            Session current = session;
            if (current != null && current.isOpen()) {
                current.demand();
            }
        } else {
            waitForTheBudget();
        }
    }

    /**
     * When only the server-wide budget stops this connection, it reads on once other connections give bytes back
     * (or at once, if they did since this connection looked).
     */
    private void waitForTheBudget() {
        boolean stoppedByTheBudgetOnly;
        synchronized (lock) {
            stoppedByTheBudgetOnly = demandWithheld && ownRoom();
        }
        if (stoppedByTheBudgetOnly) {
            budget.whenRoom(this::resume);
        }
    }

    private boolean hasRoom() {
        return ownRoom() && budget.hasRoom();
    }

    private boolean ownRoom() {
        return inFlight < maxInFlight && bytesInFlight < maxBytesInFlight;
    }

    private Object remote() {
        Session current = session;
        return current == null ? "?" : current.getRemoteSocketAddress();
    }

    /** A parsed message waiting for, or in, delivery. */
    private record Message(long seq, List<Event> events, int bytes) {
    }

    /** The answer to one delivered batch; fields other than the batch and index are guarded by the lock. */
    private static final class Answer {
        final List<Message> batch;
        final long index;
        boolean settled;
        Throwable failure;
        boolean durabilityFailure;
        long savedBeforeFailure;

        Answer(List<Message> batch, long index) {
            this.batch = batch;
            this.index = index;
        }
    }
}
