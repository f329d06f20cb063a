package io.theia.kafka;

import io.theia.api.TheiaException;
import io.theia.api.codec.EventWriter;
import io.theia.api.event.Event;
import io.theia.api.source.EventForwarder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code kafka} forwarder: each event becomes one record of the topic, keyed by its source (so one file's lines
 * stay in order within one partition), its value the theia wire encoding of the event (docs/formats.md section 2).
 *
 * <p>The producer is idempotent ({@code acks=all}, {@code enable.idempotence=true}) and, unless the passthrough
 * properties say otherwise, retries for as long as it takes ({@code delivery.timeout.ms} of about 24 days): while the
 * brokers are unreachable, records wait in the producer and deliveries stay pending, so the sources stop advancing
 * their checkpoints and pause once the producer's buffer is full; when the brokers are back, the records go out in
 * order, once each. A delivery completes once Kafka acknowledged every record of it, and fails only for what no retry
 * can fix (a record larger than the broker takes, a refused authorisation), for its source to try again later.
 *
 * <p>Thread-safe.
 */
public final class KafkaForwarder implements EventForwarder {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaForwarder.class);
    private static final ThreadLocal<EventWriter> WRITERS = ThreadLocal.withInitial(EventWriter::new);

    private final KafkaForwarderConfig config;
    private final KafkaProducer<byte[], byte[]> producer;
    private volatile boolean closed;

    private KafkaForwarder(KafkaForwarderConfig config, KafkaProducer<byte[], byte[]> producer) {
        this.config = config;
        this.producer = producer;
    }

    /** Creates the producer; it connects in the background. */
    static KafkaForwarder start(KafkaForwarderConfig config) {
        Map<String, Object> own = new HashMap<>();
        own.put("acks", "all");
        own.put("enable.idempotence", "true");
        Properties properties = KafkaClientSettings.of(config.bootstrapServers(), config.properties(), own);
        properties.putIfAbsent("delivery.timeout.ms", String.valueOf(Integer.MAX_VALUE));
        // Throughput: records gather for up to 20 ms (as the WebSocket forwarder's batch.linger) into batches of up
        // to 256 KiB per partition; Kafka's defaults (5 ms, 16 KiB) gave a third of the rate (docs/benchmarks.md).
        properties.putIfAbsent("linger.ms", "20");
        properties.putIfAbsent("batch.size", String.valueOf(256 * 1024));
        // lz4 shrank the benchmark's access-log lines ninefold (real logs less) for little CPU: the broker writes,
        // keeps and serves that much less (docs/benchmarks.md).
        properties.putIfAbsent("compression.type", "lz4");
        properties.putIfAbsent("client.id", "theia-agent");
        try {
            KafkaProducer<byte[], byte[]> producer = KafkaClientSettings.withPluginLoader(() -> new KafkaProducer<>(
                    properties, new ByteArraySerializer(), new ByteArraySerializer()));
            LOG.info("Forwarding to Kafka topic '{}' at {}", config.topic(), config.bootstrapServers());
            return new KafkaForwarder(config, producer);
        } catch (KafkaException e) {
            throw new TheiaException("forward: cannot create the Kafka producer: " + e.getMessage(), e);
        }
    }

    @Override
    public String target() {
        return "kafka topic " + config.topic() + " at " + config.bootstrapServers();
    }

    @Override
    public CompletionStage<Void> deliver(List<Event> events) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (closed) {
            done.completeExceptionally(new TheiaException("the kafka forwarder is closed"));
            return done;
        }
        if (events.isEmpty()) {
            done.complete(null);
            return done;
        }
        AtomicInteger unacknowledged = new AtomicInteger(events.size());
        // One callback for all the records of the delivery; it runs on the producer's I/O thread.
        Callback acknowledged = (metadata, failure) -> {
            if (failure != null) {
                done.completeExceptionally(failure);
            } else if (unacknowledged.decrementAndGet() == 0) {
                done.complete(null);
            }
        };
        EventWriter writer = WRITERS.get();
        String source = null;
        byte[] key = null;
        for (Event event : events) {
            if (!event.source().equals(source)) {
                // A source's lines come in runs: its key is encoded once per run.
                source = event.source();
                key = source.getBytes(StandardCharsets.UTF_8);
            }
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(config.topic(), key,
                    writer.encodeToArray(event));
            try {
                producer.send(record, acknowledged);
            } catch (KafkaException | IllegalStateException e) {
                // The buffer stayed full for max.block.ms, or the producer is closed: the source tries again later.
                done.completeExceptionally(e);
                break;
            }
        }
        return done;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        producer.close(Duration.ofMillis(config.closeTimeoutMillis()));
    }
}
