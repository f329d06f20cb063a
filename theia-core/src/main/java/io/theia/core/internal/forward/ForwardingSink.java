package io.theia.core.internal.forward;

import io.micrometer.core.instrument.MeterRegistry;
import io.theia.api.event.Event;
import io.theia.api.source.EventSink;
import io.theia.core.internal.client.ClientSecurity;
import io.theia.core.internal.client.CollectorClient;
import io.theia.core.internal.client.CollectorException;
import io.theia.core.internal.client.EventPusher;
import io.theia.core.internal.client.PushException;
import io.theia.core.internal.client.PushOptions;
import io.theia.core.internal.config.ForwardConfig;
import io.theia.core.internal.config.ForwardTlsConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink of an agent: forwards events to a remote collector's {@code /event} endpoint (the {@code forward}
 * section), with acknowledgements, so that a source's checkpoints advance only once the collector has stored the
 * events.
 *
 * <p>{@link #deliver} queues the events and returns at once. One sender thread groups queued events into messages
 * (by count, bytes and linger, {@code forward.batch}), keeps up to {@code forward.maxInFlight} of them in flight on
 * one connection, and completes a delivery once the collector acknowledged every one of its events, whichever
 * messages they travelled in. A message that fails (the connection dropped, the collector refused it) is sent again
 * after an exponential back-off with jitter; a lost connection is reopened with the same back-off. While the
 * collector is unreachable deliveries stay pending, so a source that bounds its deliveries in flight stops reading:
 * its files are the buffer. What the sink holds is bounded by {@code forward.maxPendingBytes}; a delivery beyond it
 * fails at once (the source tries it again later).
 *
 * <p>At-least-once: a message whose acknowledgement was lost is sent again. If the collector answers that an event
 * is already stored, the message is resent event by event and each "already stored" counts as delivered, so a
 * retry never wedges on events that did arrive.
 *
 * <p>A delivery counts as stored only on a well-formed acknowledgement ({@code {"ack": N}}). Against a collector
 * that does not acknowledge (the original Python one answers {@code /event?ack=1} with empty text frames and stores
 * nothing), {@code forward.acknowledge: auto} learns so from the first message of a connection: an empty or
 * unexpected reply, or none within {@code forward.ackTimeout}. It then forwards best-effort: everything sent without
 * an acknowledgement is sent again, one event per message (the original reads only the first event of a message),
 * and a delivery completes once the collector has received it (a WebSocket ping after its messages came back). See
 * {@code docs/watcher.md}. {@code true} always waits for acknowledgements, {@code false} is best-effort from the
 * start.
 *
 * <p>Create with {@link #start}, which starts the sender thread; {@link #close} flushes within
 * {@code forward.closeTimeout} and fails what is still pending. Thread-safe.
 */
public final class ForwardingSink implements EventSink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ForwardingSink.class);

    private final URI collector;
    private final ForwardConfig config;
    private final CollectorClient client;
    private final ForwardQueue queue;
    private final Backoff backoff;
    private final ForwardMetrics metrics;
    private final Thread sender;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean warnedFull = new AtomicBoolean();
    private final AtomicBoolean warnedNoAcks = new AtomicBoolean();
    private final AckMode ackMode;
    private volatile Mode mode;
    private EventPusher connection;
    private boolean everConnected;

    private ForwardingSink(ForwardConfig config, MeterRegistry registry) {
        if (!config.enabled()) {
            throw new IllegalArgumentException("forward.host is not set: there is no collector to forward to");
        }
        this.config = config;
        this.collector = CollectorClient.uri(config.tls().enabled(), config.host(), config.port());
        this.queue = new ForwardQueue(config.batch(), config.maxPendingBytes());
        this.backoff = Backoff.of(config.retry());
        this.ackMode = AckMode.of(config.acknowledge());
        this.mode = switch (ackMode) {
            case AUTO -> Mode.PROBING;
            case ALWAYS -> Mode.ACKNOWLEDGED;
            case NEVER -> Mode.BEST_EFFORT;
        };
        this.metrics = new ForwardMetrics(registry, queue::pendingEvents, () -> mode == Mode.BEST_EFFORT ? 1 : 0);
        this.client = new CollectorClient(collector, config.connectTimeout(), security(config));
        this.sender = new Thread(this::run, "theia-forward-" + config.host() + ":" + config.port());
        sender.setDaemon(true);
    }

    /**
     * The client side of {@code forward.tls} and the token ({@code forward.token}, else the first line of
     * {@code forward.tokenFile}).
     *
     * @throws IllegalArgumentException when the token file cannot be read
     */
    static ClientSecurity security(ForwardConfig config) {
        String token = config.token();
        if (token == null && config.tokenFile() != null) {
            try {
                token = Files.readAllLines(config.tokenFile()).stream().map(String::strip)
                        .filter(line -> !line.isEmpty()).findFirst().orElseThrow(() ->
                                new IllegalArgumentException("the token file " + config.tokenFile() + " is empty"));
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read forward.tokenFile " + config.tokenFile() + ": " + e, e);
            }
        }
        ForwardTlsConfig tls = config.tls();
        return new ClientSecurity(tls.caBundle(), tls.certificate(), tls.key(), token, tls.insecure(), tls.provider());
    }

    /**
     * Starts forwarding to the collector of {@code config}; connecting happens in the background, so this returns
     * at once even when the collector is down.
     *
     * @param registry where the sink's meters go (removed again on close)
     * @throws IllegalArgumentException when {@code config} names no host
     */
    public static ForwardingSink start(ForwardConfig config, MeterRegistry registry) {
        ForwardingSink sink = new ForwardingSink(config, registry);
        sink.sender.start();
        return sink;
    }

    /** The collector's address, e.g. {@code ws://collector.example:6433}. */
    public URI collector() {
        return collector;
    }

    /** Whether the sink forwards without acknowledgements (configured, or detected in {@code auto} mode). */
    public boolean bestEffort() {
        return mode == Mode.BEST_EFFORT;
    }

    /** Events accepted and not yet acknowledged. */
    public long pendingEvents() {
        return queue.pendingEvents();
    }

    /**
     * Queues events for the collector.
     *
     * @return completes once the collector acknowledged every event (best effort: received them);
     *     exceptionally at once when the sink is closed or holds {@code forward.maxPendingBytes} already, or a
     *     single event is larger than {@code forward.maxMessageBytes}; exceptionally on close when still pending
     */
    @Override
    public CompletionStage<Void> deliver(List<Event> events) {
        if (events.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        List<Event> copy = List.copyOf(events);
        long bytes = 0;
        for (Event event : copy) {
            bytes += ForwardQueue.estimateBytes(event);
        }
        Delivery delivery = new Delivery(copy.size(), bytes, queue::finished);
        ForwardQueue.Offer offer = queue.offer(copy, delivery);
        if (offer == ForwardQueue.Offer.CLOSED) {
            return CompletableFuture.failedFuture(new CollectorException("the forwarding sink to " + collector
                    + " is closed"));
        }
        if (offer == ForwardQueue.Offer.FULL) {
            metrics.refused.increment();
            if (warnedFull.compareAndSet(false, true)) {
                LOG.warn("The forwarding sink holds more than {} bytes the collector at {} has not acknowledged "
                        + "(forward.maxPendingBytes); further deliveries are refused until it catches up",
                        config.maxPendingBytes(), collector);
            }
            return CompletableFuture.failedFuture(new CollectorException("the forwarding sink to " + collector
                    + " is full (forward.maxPendingBytes " + config.maxPendingBytes() + "); try again later"));
        }
        warnedFull.set(false);
        return delivery.completion.copy();
    }

    /**
     * Sends what is queued and waits up to {@code forward.closeTimeout} for it to be acknowledged, then closes the
     * connection; deliveries still pending fail (their sources send them again after a restart). Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        queue.drain(config.closeTimeout().toNanos());
        List<Delivery> left = queue.stop();
        sender.interrupt();
        try {
            sender.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            client.close();
        } catch (CollectorException e) {
            LOG.warn("Closing the connection to {} failed: {}", collector, e.getMessage());
        }
        if (!left.isEmpty()) {
            long events = left.stream().mapToLong(delivery -> delivery.events).sum();
            LOG.warn("Forwarding to {} closed with {} events not acknowledged; their sources send them again when "
                    + "they restart", collector, events);
            CollectorException cause = new CollectorException("the forwarding sink was closed before " + collector
                    + " acknowledged the events");
            left.forEach(delivery -> delivery.fail(cause));
        }
        metrics.close();
    }

    private void run() {
        while (true) {
            OutgoingBatch batch = queue.next();
            if (batch == null) {
                return;
            }
            EventPusher pusher = connected();
            if (pusher == null) {
                queue.resend(batch);
                return;
            }
            try {
                send(pusher, batch);
            } catch (RuntimeException e) {
                LOG.error("Sending {} events to {} failed unexpectedly", batch.size(), collector, e);
                retry(batch, e);
            }
        }
    }

    /**
     * The open connection, opened again (with back-off) when there is none, or when it was opened for another mode
     * (the sink just learned that the collector does not acknowledge); null once the sink stops.
     */
    private EventPusher connected() {
        EventPusher current = connection;
        boolean bestEffort = mode == Mode.BEST_EFFORT;
        if (current != null && current.isOpen() && current.options().acknowledged() != bestEffort) {
            return current;
        }
        if (current != null) {
            current.close(Duration.ZERO);
            connection = null;
            if (current.options().acknowledged() != bestEffort) {
                metrics.reconnects.increment();
                LOG.warn("The connection to {} was lost; reconnecting, events not {} will be sent again",
                        collector, bestEffort ? "confirmed received" : "acknowledged");
            }
        }
        int attempt = 0;
        while (!queue.stopped()) {
            try {
                bestEffort = mode == Mode.BEST_EFFORT;
                connection = client.pusher(new PushOptions(bestEffort ? PushOptions.Confirmation.RECEIVED
                        : PushOptions.Confirmation.ACKNOWLEDGED, Math.toIntExact(config.maxMessageBytes()),
                        config.maxInFlight()));
                LOG.info("{} {}{}", everConnected || attempt > 0 ? "Connected again to" : "Forwarding to", collector,
                        bestEffort ? " (best effort, without acknowledgements, one event per message)" : "");
                everConnected = true;
                return connection;
            } catch (CollectorException e) {
                attempt++;
                long delay = backoff.delayNanos(attempt);
                if (attempt == 1 || attempt % 10 == 0) {
                    LOG.warn("Cannot reach the collector at {} (attempt {}), trying again in {} ms; sources pause "
                            + "meanwhile: {}", collector, attempt, TimeUnit.NANOSECONDS.toMillis(delay),
                            e.getMessage());
                }
                if (!queue.pause(delay)) {
                    break;
                }
            }
        }
        return null;
    }

    /**
     * Sends a batch: as one or more multi-event messages on an acknowledged connection (each acknowledgement covers
     * every event of its message), else one event per message, since a collector that does not acknowledge has
     * not shown that it reads more than the first event of a message (the original reads only the first).
     */
    private void send(EventPusher pusher, OutgoingBatch batch) {
        metrics.sent.increment(batch.size());
        if (batch.attempts > 0) {
            metrics.retries.increment();
        }
        if (batch.oneByOne || !pusher.options().acknowledged()) {
            sendOneByOne(pusher, batch);
            return;
        }
        AtomicBoolean settled = new AtomicBoolean();
        CompletableFuture<Void> result = pusher.push(batch.events);
        result.whenComplete((ignored, failure) -> {
            if (settled.compareAndSet(false, true)) {
                settle(batch, failure);
            }
        });
        if (mode == Mode.PROBING) {
            probe(pusher, batch, result, settled);
        }
    }

    /**
     * In {@code auto} mode, waits for the answer to a connection's first message to learn what the collector does:
     * an acknowledgement or a refusal in the protocol proves it acknowledges; an empty or unexpected reply, or none
     * within {@code forward.ackTimeout}, that it does not. Either way the message itself is settled as its answer
     * says: without an acknowledgement it is sent again, never counted as stored.
     */
    private void probe(EventPusher pusher, OutgoingBatch batch, CompletableFuture<Void> result,
            AtomicBoolean settled) {
        try {
            result.get(config.ackTimeout().toNanos(), TimeUnit.NANOSECONDS);
            acknowledging();
        } catch (ExecutionException e) {
            PushException.Reason reason = reason(e);
            if (reason == PushException.Reason.REFUSED || reason == PushException.Reason.ALREADY_STORED) {
                acknowledging();
            } else if (reason == PushException.Reason.NOT_ACKNOWLEDGED) {
                notAcknowledging(unwrap(e).getMessage());
            }
        } catch (TimeoutException e) {
            if (pusher.isOpen() && settled.compareAndSet(false, true)) {
                notAcknowledging("no answer to the first message within " + config.ackTimeout()
                        + " (forward.ackTimeout)");
                pusher.close(Duration.ZERO);
                resendNow(batch);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acknowledging() {
        if (mode == Mode.PROBING) {
            mode = Mode.ACKNOWLEDGED;
            LOG.info("The collector at {} acknowledges deliveries: forwarding at least once", collector);
        }
    }

    /**
     * The collector answered without an acknowledgement: in {@code auto} mode, forward best effort from now on
     * (once; the caller sends the unacknowledged messages again). With {@code acknowledge: true}, nothing changes:
     * the messages are retried, and nothing is delivered until the collector acknowledges.
     */
    private void notAcknowledging(String why) {
        if (ackMode != AckMode.AUTO) {
            if (warnedNoAcks.compareAndSet(false, true)) {
                LOG.error("The collector at {} does not acknowledge ({}); with forward.acknowledge: true nothing is "
                        + "delivered until it does. Set forward.acknowledge to auto or false for a collector without "
                        + "acknowledgements (an original theia collector).", collector, why);
            }
            return;
        }
        synchronized (this) {
            if (mode == Mode.BEST_EFFORT) {
                return;
            }
            mode = Mode.BEST_EFFORT;
        }
        LOG.warn("The collector at {} does not acknowledge ({}); an original theia collector? Forwarding goes on "
                + "BEST EFFORT: everything sent so far without an acknowledgement is sent again (the collector may "
                + "store some of it twice), then one event per message, and a delivery counts as done (its source's "
                + "checkpoint moves) once the collector has received it, not stored it: what the collector loses "
                + "after receiving (a crash, a failing store) is lost. theia_forward_best_effort is 1. Set "
                + "forward.acknowledge to true or false to decide explicitly.", collector, why);
    }

    private void sendOneByOne(EventPusher pusher, OutgoingBatch batch) {
        ConcurrentLinkedQueue<Integer> failed = new ConcurrentLinkedQueue<>();
        AtomicReference<Throwable> lastFailure = new AtomicReference<>();
        AtomicBoolean notAcknowledged = new AtomicBoolean();
        List<CompletableFuture<Void>> answers = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            int index = i;
            answers.add(pusher.push(batch.events.get(i)).handle((ignored, failure) -> {
                PushException.Reason reason = failure == null ? null : reason(failure);
                if (failure == null || reason == PushException.Reason.ALREADY_STORED) {
                    metrics.acknowledged.increment();
                    batch.acknowledged(index);
                } else if (reason == PushException.Reason.TOO_LARGE) {
                    batch.subset(List.of(index)).fail(unwrap(failure));
                } else {
                    failed.add(index);
                    lastFailure.set(unwrap(failure));
                    if (reason == PushException.Reason.NOT_ACKNOWLEDGED) {
                        notAcknowledged.set(true);
                    }
                }
                return null;
            }));
        }
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).thenRun(() -> {
            if (!failed.isEmpty()) {
                List<Integer> indices = new ArrayList<>(failed);
                indices.sort(null);
                OutgoingBatch rest = batch.subset(indices);
                if (notAcknowledged.get() && ackMode == AckMode.AUTO) {
                    notAcknowledging(lastFailure.get().getMessage());
                    resendNow(rest);
                } else {
                    retry(rest, lastFailure.get());
                }
            }
        });
    }

    private void settle(OutgoingBatch batch, Throwable failure) {
        if (failure == null) {
            acknowledging();
            // Counted before the deliveries complete, so that whoever waits on them sees the count.
            metrics.acknowledged.increment(batch.size());
            batch.acknowledged();
            return;
        }
        Throwable cause = unwrap(failure);
        switch (reason(failure)) {
            case ALREADY_STORED -> {
                acknowledging();
                if (batch.size() == 1) {
                    metrics.acknowledged.increment();
                    batch.acknowledged();
                } else {
                    batch.oneByOne = true;
                    resendNow(batch);
                }
            }
            case TOO_LARGE -> {
                LOG.error("Events cannot be forwarded to {}: {} (raise forward.maxMessageBytes, and the collector's "
                        + "server.maxMessageBytes, above the largest event)", collector, cause.getMessage());
                batch.fail(cause);
            }
            case NOT_ACKNOWLEDGED -> {
                notAcknowledging(cause.getMessage());
                if (ackMode == AckMode.AUTO) {
                    resendNow(batch);
                } else {
                    retry(batch, cause);
                }
            }
            case REFUSED -> {
                acknowledging();
                retry(batch, cause);
            }
            case CONNECTION -> retry(batch, cause);
        }
    }

    /** Queues a batch that was not acknowledged to be sent again at once. */
    private void resendNow(OutgoingBatch batch) {
        batch.notBeforeNanos = System.nanoTime();
        queue.resend(batch);
    }

    private void retry(OutgoingBatch batch, Throwable cause) {
        batch.attempts++;
        long delay = backoff.delayNanos(batch.attempts);
        batch.notBeforeNanos = System.nanoTime() + delay;
        boolean answered = cause instanceof PushException push && push.reason() != PushException.Reason.CONNECTION;
        if (answered && (batch.attempts == 1 || batch.attempts % 10 == 0)) {
            LOG.warn("The collector at {} did not take {} events (attempt {}); sending them again in {} ms: {}",
                    collector, batch.size(), batch.attempts, TimeUnit.NANOSECONDS.toMillis(delay),
                    cause.getMessage());
        } else {
            LOG.debug("Sending {} events to {} failed (attempt {}); again in {} ms: {}", batch.size(), collector,
                    batch.attempts, TimeUnit.NANOSECONDS.toMillis(delay), cause.getMessage());
        }
        queue.resend(batch);
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** Why a push failed; anything but a {@link PushException} counts as a connection failure (sent again). */
    private static PushException.Reason reason(Throwable failure) {
        return unwrap(failure) instanceof PushException push ? push.reason() : PushException.Reason.CONNECTION;
    }

    /** What the sink knows about the collector's acknowledgements. */
    private enum Mode {
        /** {@code auto}, not yet known: the first message of a connection waits for its answer. */
        PROBING,
        /** Every message is acknowledged. */
        ACKNOWLEDGED,
        /** No acknowledgements: one event per message, done once the collector received it. */
        BEST_EFFORT
    }
}
