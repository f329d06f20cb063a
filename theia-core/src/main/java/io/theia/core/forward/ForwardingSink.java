package io.theia.core.forward;

import io.micrometer.core.instrument.MeterRegistry;
import io.theia.api.event.Event;
import io.theia.api.source.EventSink;
import io.theia.core.client.CollectorClient;
import io.theia.core.client.CollectorException;
import io.theia.core.client.EventPusher;
import io.theia.core.client.PushOptions;
import io.theia.core.config.ForwardConfig;
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
 * <p>Against a collector that does not acknowledge (the original Python one), {@code forward.acknowledge: auto}
 * waits {@code forward.ackTimeout} for the first acknowledgement; without one, it logs a warning and forwards
 * best-effort from then on: a delivery completes once written to the connection (see {@code docs/watcher.md} for
 * what can be lost). {@code true} always waits for acknowledgements, {@code false} never asks.
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
    private volatile Mode mode;
    private EventPusher connection;
    private boolean everConnected;

    private ForwardingSink(ForwardConfig config, MeterRegistry registry) {
        if (!config.enabled()) {
            throw new IllegalArgumentException("forward.host is not set: there is no collector to forward to");
        }
        this.config = config;
        this.collector = URI.create("ws://" + (config.host().contains(":") ? "[" + config.host() + "]"
                : config.host()) + ":" + config.port());
        this.queue = new ForwardQueue(config.batch(), config.maxPendingBytes());
        this.backoff = Backoff.of(config.retry());
        this.mode = switch (AckMode.of(config.acknowledge())) {
            case AUTO -> Mode.PROBING;
            case ALWAYS -> Mode.ACKNOWLEDGED;
            case NEVER -> Mode.BEST_EFFORT;
        };
        this.metrics = new ForwardMetrics(registry, queue::pendingEvents, () -> mode == Mode.BEST_EFFORT ? 1 : 0);
        this.client = new CollectorClient(collector, config.connectTimeout());
        this.sender = new Thread(this::run, "theia-forward-" + config.host() + ":" + config.port());
        sender.setDaemon(true);
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
     * @return completes once the collector acknowledged every event (best effort: wrote them to the connection);
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
        String refusal = queue.offer(copy, delivery);
        if ("closed".equals(refusal)) {
            return CompletableFuture.failedFuture(new CollectorException("the forwarding sink to " + collector
                    + " is closed"));
        }
        if ("full".equals(refusal)) {
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

    /** The open connection, opened again (with back-off) when there is none; null once the sink stops. */
    private EventPusher connected() {
        EventPusher current = connection;
        if (current != null && current.isOpen()) {
            return current;
        }
        if (current != null) {
            current.close(Duration.ZERO);
            connection = null;
            metrics.reconnects.increment();
            LOG.warn("The connection to {} was lost; reconnecting, unacknowledged events will be sent again",
                    collector);
        }
        int attempt = 0;
        while (!queue.stopped()) {
            try {
                connection = client.pusher(new PushOptions(mode != Mode.BEST_EFFORT,
                        Math.toIntExact(config.maxMessageBytes()), config.maxInFlight()));
                LOG.info("{} {}{}", everConnected || attempt > 0 ? "Connected again to" : "Forwarding to", collector,
                        mode == Mode.BEST_EFFORT ? " (best effort, without acknowledgements)" : "");
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

    private void send(EventPusher pusher, OutgoingBatch batch) {
        metrics.sent.increment(batch.size());
        if (batch.attempts > 0) {
            metrics.retries.increment();
        }
        if (batch.oneByOne) {
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

    /** In {@code auto} mode, waits for the answer to a connection's first message to learn what the collector does. */
    private void probe(EventPusher pusher, OutgoingBatch batch, CompletableFuture<Void> result,
            AtomicBoolean settled) {
        try {
            result.get(config.ackTimeout().toNanos(), TimeUnit.NANOSECONDS);
            acknowledging();
        } catch (ExecutionException e) {
            if (isReply(unwrap(e))) {
                acknowledging();
            }
        } catch (TimeoutException e) {
            if (pusher.isOpen() && settled.compareAndSet(false, true)) {
                mode = Mode.BEST_EFFORT;
                LOG.warn("The collector at {} did not acknowledge the first message within {} (forward.ackTimeout): "
                        + "it does not support acknowledgements (an original theia collector?). Forwarding goes on "
                        + "best effort: events count as delivered once written to the connection, and those a "
                        + "collector crash or a dropped connection catches in transit are lost. Set "
                        + "forward.acknowledge to true or false to decide explicitly.", collector,
                        config.ackTimeout());
                batch.acknowledged();
                metrics.acknowledged.increment(batch.size());
                pusher.close(Duration.ZERO);
                connection = null;
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

    private void sendOneByOne(EventPusher pusher, OutgoingBatch batch) {
        ConcurrentLinkedQueue<Integer> failed = new ConcurrentLinkedQueue<>();
        AtomicReference<Throwable> lastFailure = new AtomicReference<>();
        List<CompletableFuture<Void>> answers = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            int index = i;
            answers.add(pusher.push(batch.events.get(i)).handle((ignored, failure) -> {
                if (failure == null || isAlreadyStored(unwrap(failure))) {
                    batch.acknowledged(index);
                    metrics.acknowledged.increment();
                } else if (isTooLarge(unwrap(failure))) {
                    batch.subset(List.of(index)).fail(unwrap(failure));
                } else {
                    failed.add(index);
                    lastFailure.set(unwrap(failure));
                }
                return null;
            }));
        }
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).thenRun(() -> {
            if (!failed.isEmpty()) {
                List<Integer> indices = new ArrayList<>(failed);
                indices.sort(null);
                retry(batch.subset(indices), lastFailure.get());
            }
        });
    }

    private void settle(OutgoingBatch batch, Throwable failure) {
        if (failure == null || isReply(unwrap(failure))) {
            acknowledging();
        }
        if (failure == null) {
            batch.acknowledged();
            metrics.acknowledged.increment(batch.size());
            return;
        }
        Throwable cause = unwrap(failure);
        if (isAlreadyStored(cause)) {
            if (batch.size() == 1) {
                batch.acknowledged();
                metrics.acknowledged.increment();
            } else {
                batch.oneByOne = true;
                batch.notBeforeNanos = System.nanoTime();
                queue.resend(batch);
            }
            return;
        }
        if (isTooLarge(cause)) {
            LOG.error("Events cannot be forwarded to {}: {} (raise forward.maxMessageBytes, and the collector's "
                    + "server.maxMessageBytes, above the largest event)", collector, cause.getMessage());
            batch.fail(cause);
            return;
        }
        retry(batch, cause);
    }

    private void retry(OutgoingBatch batch, Throwable cause) {
        batch.attempts++;
        long delay = backoff.delayNanos(batch.attempts);
        batch.notBeforeNanos = System.nanoTime() + delay;
        if (isReply(cause) && (batch.attempts == 1 || batch.attempts % 10 == 0)) {
            LOG.warn("The collector at {} refused {} events (attempt {}); sending them again in {} ms: {}", collector,
                    batch.size(), batch.attempts, TimeUnit.NANOSECONDS.toMillis(delay), cause.getMessage());
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

    /** The collector answered the message with an error (as opposed to the connection failing). */
    private static boolean isReply(Throwable cause) {
        return cause instanceof CollectorException && cause.getMessage() != null
                && cause.getMessage().contains(" refused message ");
    }

    /** An event is larger than a message may be: sending it again cannot help. */
    private static boolean isTooLarge(Throwable cause) {
        return cause instanceof CollectorException && cause.getMessage() != null
                && cause.getMessage().contains("bytes allowed per message");
    }

    /** The collector refused the message because an event of it is already stored: it did arrive before. */
    private static boolean isAlreadyStored(Throwable cause) {
        return isReply(cause) && cause.getMessage().contains("already stored");
    }

    /** What the sink knows about the collector's acknowledgements. */
    private enum Mode {
        /** {@code auto}, not yet known: the first message of a connection waits for its answer. */
        PROBING,
        /** Every message is acknowledged. */
        ACKNOWLEDGED,
        /** No acknowledgements: written counts as delivered. */
        BEST_EFFORT
    }
}
