package io.theia.kafka;

import io.theia.api.TheiaException;
import io.theia.api.event.Event;
import io.theia.api.source.EventSource;
import io.theia.api.source.SourceContext;
import io.theia.api.source.SourceMetrics;
import io.theia.api.store.DuplicateEventException;
import io.theia.api.store.EventWriteException;
import io.theia.api.store.EventsInDoubtException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteBufferDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code kafka} source: one consumer of a consumer group, on a thread of its own. Each polled batch is decoded
 * ({@link RecordDecoder}, from the fetched bytes without a copy), delivered to the sink, and its offsets are committed
 * only once the delivery completed, i.e. once the store has the batch durably, and the deliveries of every batch
 * polled before it did too: at-least-once, nothing lost across crashes and rebalances.
 *
 * <p>While one batch becomes durable the next is polled, decoded and delivered: at most
 * {@value #MAX_PENDING_BATCHES} deliveries are in flight, and they are settled oldest first, so one durable wait
 * covers a whole poll and the store's group commit can take two batches in one round. Commits are asynchronous
 * (in order, a later one covering an earlier one that failed); closing commits what was saved synchronously.
 *
 * <ul>
 *   <li>A record that does not decode is skipped, counted ({@code theia_source_kafka_undecodable_total}) and logged
 *       with its partition and offset; it is committed with the batch, so it is never retried.</li>
 *   <li>A batch the store refuses is saved again event by event; an event the store refuses because its id is
 *       already stored ({@link DuplicateEventException}) is counted ({@code theia_source_kafka_duplicates_total}), not
 *       stored twice. Any other failure is retried after a growing pause, never skipped.</li>
 *   <li>Before the group takes partitions away ({@link ConsumerRebalanceListener#onPartitionsRevoked}) the source
 *       waits for the deliveries in flight and commits what it saved of the partitions.</li>
 *   <li>The lag of each assigned partition is a gauge, {@code theia_source_kafka_lag_records{partition="t-0"}}.</li>
 * </ul>
 *
 * <p>Start once, close once; thread-safe.
 */
public final class KafkaSource implements EventSource {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaSource.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final long MAX_RETRY_MILLIS = 30_000;
    private static final long CLOSE_WAIT_MILLIS = 10_000;
    /** Saves in flight at once: the next batch is polled, decoded and saved while the last becomes durable. */
    static final int MAX_PENDING_BATCHES = 2;

    private final KafkaSourceConfig config;
    private final SourceContext context;
    private final RecordDecoder decoder;
    private final SourceMetrics.Counter saved;
    private final SourceMetrics.Counter duplicates;
    private final SourceMetrics.Counter commits;
    private final Map<TopicPartition, Long> lag = new ConcurrentHashMap<>();
    private final Map<TopicPartition, SourceMetrics.Registration> lagGauges = new HashMap<>();
    private final SourceMetrics.Counter polled;
    /** Batches handed to the sink, oldest first, whose saves are not yet known durable. Consumer thread only. */
    private final Deque<Pending> pending = new ArrayDeque<>();
    /** For each assigned partition, the offset after the last record saved durably. Consumer thread only. */
    private final Map<TopicPartition, OffsetAndMetadata> savedOffsets = new HashMap<>();
    /** Offsets saved and not yet sent in a commit. Consumer thread only. */
    private final Map<TopicPartition, OffsetAndMetadata> uncommitted = new HashMap<>();
    private KafkaConsumer<ByteBuffer, ByteBuffer> consumer;
    private Thread thread;
    private volatile boolean closing;
    private boolean started;
    private boolean closed;

    KafkaSource(KafkaSourceConfig config, SourceContext context) {
        this.config = config;
        this.context = context;
        SourceMetrics metrics = context.metrics();
        this.decoder = new RecordDecoder(context.name(), config.maxEventBytes(), metrics.counter(
                "kafka_undecodable_total", "Kafka records skipped because they are not a theia event"));
        this.saved = metrics.counter("kafka_events_saved_total", "Events consumed from Kafka and saved");
        this.duplicates = metrics.counter("kafka_duplicates_total",
                "Events consumed from Kafka again whose id was already stored (not stored twice)");
        this.commits = metrics.counter("kafka_commits_total", "Offset commits after a durable save");
        this.polled = metrics.counter("kafka_records_polled_total", "Kafka records polled (saved or not yet)");
    }

    @Override
    public synchronized void start() {
        if (started || closed) {
            throw new IllegalStateException("kafka source '" + context.name() + "' was already started");
        }
        started = true;
        Map<String, Object> own = new HashMap<>();
        own.put("group.id", config.groupId());
        own.put("enable.auto.commit", "false");
        own.put("max.poll.records", config.maxPollRecords());
        Properties properties = KafkaClientSettings.of(config.bootstrapServers(), config.properties(), own);
        properties.putIfAbsent("auto.offset.reset", "earliest");
        // Throughput: fewer, larger fetches (up to 256 KiB gathered for at most 100 ms, 4 MiB per partition), so
        // that a poll takes up to maxPollRecords at once and the broker serves fewer requests (docs/benchmarks.md).
        properties.putIfAbsent("fetch.min.bytes", String.valueOf(256 * 1024));
        properties.putIfAbsent("fetch.max.wait.ms", "100");
        properties.putIfAbsent("max.partition.fetch.bytes", String.valueOf(4 * 1024 * 1024));
        properties.putIfAbsent("client.id", "theia-" + context.name());
        try {
            consumer = KafkaClientSettings.withPluginLoader(() -> new KafkaConsumer<>(properties,
                    new ByteBufferDeserializer(), new ByteBufferDeserializer()));
            consumer.subscribe(List.of(config.topic()), new Rebalance());
        } catch (KafkaException e) {
            throw new TheiaException("kafka source '" + context.name() + "': cannot create the consumer: "
                    + e.getMessage(), e);
        }
        thread = new Thread(this::run, "theia-kafka-" + context.name());
        thread.setContextClassLoader(KafkaSource.class.getClassLoader());
        thread.setDaemon(true);
        thread.start();
        LOG.info("Source '{}': consuming topic '{}' from {} as group '{}'", context.name(), config.topic(),
                config.bootstrapServers(), config.groupId());
    }

    @Override
    public void close() {
        Thread running;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            closing = true;
            running = thread;
            if (consumer != null) {
                consumer.wakeup();
            }
        }
        if (running != null) {
            try {
                running.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else if (consumer != null) {
            consumer.close();
        }
    }

    private void run() {
        try {
            while (!closing) {
                ConsumerRecords<ByteBuffer, ByteBuffer> records;
                try {
                    records = consumer.poll(POLL);
                } catch (WakeupException e) {
                    break;
                }
                updateLag();
                if (!settleCompleted()) {
                    break;
                }
                if (records.isEmpty()) {
                    if (!settleAll()) {
                        break;
                    }
                    commitAsync();
                    continue;
                }
                polled.increment(records.count());
                RecordDecoder.Batch batch = decoder.decode(records);
                boolean room = true;
                while (room && pending.size() >= MAX_PENDING_BATCHES) {
                    room = settleFirst();
                }
                if (!room) {
                    break;
                }
                pending.addLast(begin(batch));
                commitAsync();
            }
        } catch (RuntimeException | Error e) {
            LOG.error("Source '{}': the consumer stopped: {}", context.name(), e.toString(), e);
        } finally {
            closing = true;
            try {
                settleAll();
                commitSaved();
            } catch (RuntimeException e) {
                LOG.warn("Source '{}': last commit failed; the group consumes those records again", context.name(),
                        e);
            }
            lagGauges.values().forEach(SourceMetrics.Registration::close);
            lagGauges.clear();
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    /** Hands a batch to the sink without waiting. */
    private Pending begin(RecordDecoder.Batch batch) {
        if (batch.events().isEmpty()) {
            return new Pending(batch, CompletableFuture.completedFuture(null));
        }
        try {
            return new Pending(batch, context.sink().deliver(batch.events()).toCompletableFuture());
        } catch (RuntimeException e) {
            return new Pending(batch, CompletableFuture.failedFuture(e));
        }
    }

    /** Settles the pending batches, oldest first, as long as their saves have completed; false when closing. */
    private boolean settleCompleted() {
        while (!pending.isEmpty() && pending.peekFirst().done().isDone()) {
            if (!settleFirst()) {
                return false;
            }
        }
        return true;
    }

    /** Waits for every pending batch, oldest first; false when the source closed before they were all saved. */
    private boolean settleAll() {
        while (!pending.isEmpty()) {
            if (!settleFirst()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Waits until the oldest pending batch is durable (saving it again, as {@link #retry} does, when its save
     * failed), and only then takes its offsets as saved: a batch's offsets never go out before its own save and
     * the saves of every batch polled before it completed.
     *
     * @return whether it is saved; false when the source closed first (its offsets, and those of the batches
     *     after it, are then never committed)
     */
    private boolean settleFirst() {
        Pending first = pending.peekFirst();
        Throwable failure = await(first.done(), first.batch().events().size());
        boolean done;
        if (failure == null) {
            saved.increment(first.batch().events().size());
            done = true;
        } else if (failure instanceof Closing) {
            done = false;
        } else {
            done = retry(first.batch(), failure);
        }
        if (!done) {
            return false;
        }
        pending.removeFirst();
        Set<TopicPartition> assigned = consumer.assignment();
        first.batch().nextOffsets().forEach((partition, offset) -> {
            if (assigned.contains(partition)) {
                savedOffsets.put(partition, offset);
                uncommitted.put(partition, offset);
            }
        });
        return true;
    }

    /** Commits what was saved since the last commit, without waiting; a failed commit only means re-reading. */
    private void commitAsync() {
        if (uncommitted.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = Map.copyOf(uncommitted);
        uncommitted.clear();
        consumer.commitAsync(offsets, (committed, failure) -> {
            if (failure == null) {
                commits.increment(1);
            } else {
                LOG.warn("Source '{}': committing offsets {} failed ({}); unless a later commit covers them, "
                        + "those records will be consumed again and recognised by id", context.name(), committed,
                        failure.toString());
            }
        });
    }

    /** Commits, and waits for, every offset saved of the partitions still assigned (on closing). */
    private void commitSaved() {
        uncommitted.clear();
        savedOffsets.keySet().retainAll(consumer.assignment());
        if (savedOffsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(Map.copyOf(savedOffsets));
        } catch (WakeupException e) {
            consumer.commitSync(Map.copyOf(savedOffsets));
        }
        commits.increment(1);
    }

    /**
     * Saves a batch whose first save failed with {@code firstFailure}: again and again after a growing pause
     * (first whole, then event by event when the store refused it) until it is durable, or the source closes.
     *
     * @return whether every event of the batch is saved (or already was)
     */
    private boolean retry(RecordDecoder.Batch batch, Throwable firstFailure) {
        long pause = config.retryMillis();
        Throwable failure = firstFailure;
        while (true) {
            if (failure == null) {
                saved.increment(batch.events().size());
                return true;
            }
            if (failure instanceof Closing) {
                return false;
            }
            if (refused(failure)) {
                return saveOneByOne(batch.events());
            }
            LOG.warn("Source '{}': saving {} event(s) failed, trying again in {} ms: {}", context.name(),
                    batch.events().size(), pause, failure.toString());
            if (!pause(pause)) {
                return false;
            }
            pause = Math.min(pause * 2, MAX_RETRY_MILLIS);
            failure = deliver(batch.events());
        }
    }

    /** Saves events one at a time, so that the ones already stored are told apart from the new ones. */
    private boolean saveOneByOne(List<Event> events) {
        for (Event event : events) {
            long pause = config.retryMillis();
            while (true) {
                Throwable failure = deliver(List.of(event));
                if (failure == null) {
                    saved.increment(1);
                    break;
                }
                if (failure instanceof Closing) {
                    return false;
                }
                if (DuplicateEventException.in(failure).isPresent()) {
                    duplicates.increment(1);
                    LOG.debug("Source '{}': event '{}' was already stored", context.name(), event.id());
                    break;
                }
                LOG.warn("Source '{}': saving event '{}' failed, trying again in {} ms: {}", context.name(),
                        event.id(), pause, failure.toString());
                if (!pause(pause)) {
                    return false;
                }
                pause = Math.min(pause * 2, MAX_RETRY_MILLIS);
            }
        }
        return true;
    }

    /** Whether the store refused the batch as a whole (an id of it stored, say), rather than failing. */
    private boolean refused(Throwable failure) {
        return DuplicateEventException.in(failure).isPresent()
                || failure instanceof EventWriteException && !(failure instanceof EventsInDoubtException);
    }

    /** Delivers and waits: null when durable, else the failure ({@link Closing} when closed while waiting). */
    private Throwable deliver(List<Event> events) {
        CompletableFuture<Void> done;
        try {
            done = context.sink().deliver(events).toCompletableFuture();
        } catch (RuntimeException e) {
            return e;
        }
        return await(done, events.size());
    }

    /**
     * Waits for a delivery of {@code count} events: null when durable, else the failure; {@link Closing} when the
     * source closed and the delivery did not complete within {@value #CLOSE_WAIT_MILLIS} ms after.
     */
    private Throwable await(CompletableFuture<Void> done, int count) {
        long closingSince = 0;
        while (true) {
            try {
                done.get(100, TimeUnit.MILLISECONDS);
                return null;
            } catch (ExecutionException e) {
                return e.getCause() == null ? e : e.getCause();
            } catch (TimeoutException e) {
                if (closing) {
                    long now = System.nanoTime();
                    closingSince = closingSince == 0 ? now : closingSince;
                    if (now - closingSince > TimeUnit.MILLISECONDS.toNanos(CLOSE_WAIT_MILLIS)) {
                        LOG.warn("Source '{}': closed while {} event(s) were not yet saved; their offsets are not "
                                + "committed, so the group consumes them again", context.name(), count);
                        return new Closing();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Closing();
            }
        }
    }

    private boolean pause(long millis) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!closing && System.nanoTime() < end) {
            try {
                Thread.sleep(Math.min(50, millis));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return !closing;
    }

    private void updateLag() {
        for (TopicPartition partition : lagGauges.keySet()) {
            consumer.currentLag(partition).ifPresent(value -> lag.put(partition, value));
        }
    }

    /** A batch handed to the sink and the completion of its save. */
    private record Pending(RecordDecoder.Batch batch, CompletableFuture<Void> done) {
    }

    /** Closing while a delivery was pending. */
    private static final class Closing extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Closing() {
            super(null, null, false, false);
        }
    }

    /** Commits before partitions go, and keeps one lag gauge per assigned partition. Runs inside poll. */
    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // The saves in flight finish first (poll runs this on the consumer thread, between batches).
            if (!settleAll()) {
                LOG.warn("Source '{}': closed while giving partitions up; what was not saved is consumed again",
                        context.name());
            }
            Map<TopicPartition, OffsetAndMetadata> going = new HashMap<>();
            for (TopicPartition partition : partitions) {
                uncommitted.remove(partition);
                OffsetAndMetadata offset = savedOffsets.remove(partition);
                if (offset != null) {
                    going.put(partition, offset);
                }
            }
            if (!going.isEmpty()) {
                try {
                    consumer.commitSync(going);
                    commits.increment(1);
                } catch (KafkaException e) {
                    LOG.warn("Source '{}': committing {} before giving the partitions up failed ({}); they are "
                            + "consumed again and recognised by id", context.name(), going, e.toString());
                }
            }
            forget(partitions);
            LOG.info("Source '{}': partitions revoked: {}", context.name(), partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            partitions.forEach(uncommitted::remove);
            partitions.forEach(savedOffsets::remove);
            forget(partitions);
            LOG.warn("Source '{}': partitions lost: {}", context.name(), partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            for (TopicPartition partition : partitions) {
                lagGauges.computeIfAbsent(partition, key -> context.metrics().gauge("kafka_lag_records",
                        "Records of the partition not yet consumed by this collector", "partition",
                        key.toString(), () -> lag.getOrDefault(key, 0L)));
            }
            LOG.info("Source '{}': partitions assigned: {}", context.name(), partitions);
        }

        private void forget(Collection<TopicPartition> partitions) {
            for (TopicPartition partition : partitions) {
                SourceMetrics.Registration gauge = lagGauges.remove(partition);
                if (gauge != null) {
                    gauge.close();
                }
                lag.remove(partition);
            }
        }
    }
}
