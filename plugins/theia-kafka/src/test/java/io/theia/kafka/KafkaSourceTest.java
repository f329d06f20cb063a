package io.theia.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.theia.api.codec.EventWriter;
import io.theia.api.event.Event;
import io.theia.api.testkit.TestEvents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code kafka} source against a real broker. */
class KafkaSourceTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final AtomicInteger TOPICS = new AtomicInteger();

    @TempDir
    static Path brokerDir;
    private static KafkaBroker broker;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = KafkaBroker.start(brokerDir);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void commitsOffsetsOnlyAfterTheSaveCompleted() throws Exception {
        String topic = newTopic(1);
        StoreSink store = new StoreSink();
        store.shut();
        broker.produce(topic, 0, encoded(events("a", 5)));
        RecordingMetrics metrics = new RecordingMetrics();
        try (KafkaSource source = start(topic, "g-" + topic, store, metrics)) {
            await().atMost(PATIENCE).until(() -> store.held() > 0);
            // The save is taken and not finished: for a good while, nothing may be committed.
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                    .until(() -> broker.committed("g-" + topic).isEmpty());
            assertThat(store.stored()).isEmpty();

            store.open();
            await().atMost(PATIENCE).until(() -> broker.committedTotal("g-" + topic) == 5);
            assertThat(ids(store.stored())).containsExactly("a0", "a1", "a2", "a3", "a4");
            assertThat(metrics.count("kafka_events_saved_total")).isEqualTo(5);
            assertThat(metrics.gauges()).containsEntry("kafka_lag_records{partition=" + topic + "-0}", 0.0);
        }
    }

    @Test
    void pollsAndSavesTheNextBatchWhileTheLastIsNotDurableAndCommitsNeitherBeforeBoth() throws Exception {
        String topic = newTopic(1);
        StoreSink store = new StoreSink();
        store.shut();
        broker.produce(topic, 0, encoded(events("o", 10)));
        RecordingMetrics metrics = new RecordingMetrics();
        try (KafkaSource source = start(topic, "g-" + topic, store, metrics, 5)) {
            // Two batches of 5 handed to the store while the first is not saved: the poll overlaps the save.
            await().atMost(PATIENCE).until(() -> store.held() == 2);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                    .until(() -> broker.committed("g-" + topic).isEmpty());
            store.open();
            await().atMost(PATIENCE).until(() -> broker.committedTotal("g-" + topic) == 10);
            assertThat(ids(store.stored())).containsExactlyElementsOf(ids(events("o", 10)));
            assertThat(metrics.count("kafka_records_polled_total")).isEqualTo(10);
        }
    }

    @Test
    void aLaterBatchSavedFirstIsNotCommittedBeforeTheEarlierOne() throws Exception {
        String topic = newTopic(1);
        StoreSink store = new StoreSink();
        java.util.concurrent.CompletableFuture<Void> firstGate = new java.util.concurrent.CompletableFuture<>();
        AtomicInteger deliveries = new AtomicInteger();
        // The first batch's save completes only when the gate opens; the second one's at once.
        io.theia.api.source.EventSink firstHeld = events -> deliveries.getAndIncrement() == 0
                ? firstGate.thenCompose(ignored -> store.deliver(events))
                : store.deliver(events);
        broker.produce(topic, 0, encoded(events("h", 10)));
        try (KafkaSource source = start(topic, "g-" + topic, firstHeld, new RecordingMetrics(), 5)) {
            await().atMost(PATIENCE).until(() -> store.stored().size() == 5);
            assertThat(ids(store.stored())).containsExactly("h5", "h6", "h7", "h8", "h9");
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                    .until(() -> broker.committed("g-" + topic).isEmpty());
            firstGate.complete(null);
            await().atMost(PATIENCE).until(() -> broker.committedTotal("g-" + topic) == 10);
        }
        assertThat(store.stored()).hasSize(10);
    }

    @Test
    void skipsCountsAndCommitsARecordThatIsNoEvent() throws Exception {
        String topic = newTopic(1);
        StoreSink store = new StoreSink();
        List<byte[]> values = new ArrayList<>(encoded(events("p", 2)));
        values.add(1, "event: 99 1 1\nnot an event at all".getBytes(StandardCharsets.UTF_8));
        broker.produce(topic, 0, values);
        RecordingMetrics metrics = new RecordingMetrics();
        try (KafkaSource source = start(topic, "g-" + topic, store, metrics)) {
            await().atMost(PATIENCE).until(() -> broker.committedTotal("g-" + topic) == 3);
            assertThat(ids(store.stored())).containsExactly("p0", "p1");
            assertThat(metrics.count("kafka_undecodable_total")).isEqualTo(1);
        }
    }

    @Test
    void aRestartedSourceResumesFromTheCommittedOffsetsWithoutLoss() throws Exception {
        String topic = newTopic(3);
        String group = "g-" + topic;
        StoreSink store = new StoreSink();
        List<Event> first = events("r", 30);
        for (int partition = 0; partition < 3; partition++) {
            int from = partition;
            broker.produce(topic, partition, encoded(IntStream.range(0, 30).filter(i -> i % 3 == from)
                    .mapToObj(first::get).toList()));
        }
        try (KafkaSource source = start(topic, group, store, new RecordingMetrics())) {
            await().atMost(PATIENCE).until(() -> broker.committedTotal(group) == 30);
        }
        int deliveriesBefore = store.deliveries();
        List<Event> second = events("s", 9);
        for (int partition = 0; partition < 3; partition++) {
            int from = partition;
            broker.produce(topic, partition, encoded(IntStream.range(0, 9).filter(i -> i % 3 == from)
                    .mapToObj(second::get).toList()));
        }
        RecordingMetrics metrics = new RecordingMetrics();
        try (KafkaSource source = start(topic, group, store, metrics)) {
            await().atMost(PATIENCE).until(() -> broker.committedTotal(group) == 39);
        }
        assertThat(ids(store.stored())).hasSize(39).containsAll(ids(first)).containsAll(ids(second));
        // Resumed where it stopped: the second run saw only the new records, so nothing was refused as stored.
        assertThat(metrics.count("kafka_duplicates_total")).isZero();
        assertThat(metrics.count("kafka_events_saved_total")).isEqualTo(9);
        assertThat(store.deliveries()).isGreaterThan(deliveriesBefore);
    }

    @Test
    void eventsAlreadyStoredAreCountedNotStoredTwice() throws Exception {
        String topic = newTopic(1);
        StoreSink store = new StoreSink();
        List<Event> events = events("d", 6);
        // As after a crash between the save and the commit: the first half is stored, no offset is committed.
        store.preload(events.subList(0, 3));
        broker.produce(topic, 0, encoded(events));
        RecordingMetrics metrics = new RecordingMetrics();
        try (KafkaSource source = start(topic, "g-" + topic, store, metrics)) {
            await().atMost(PATIENCE).until(() -> broker.committedTotal("g-" + topic) == 6);
        }
        assertThat(ids(store.stored())).containsExactly("d0", "d1", "d2", "d3", "d4", "d5");
        assertThat(metrics.count("kafka_duplicates_total")).isEqualTo(3);
        assertThat(metrics.count("kafka_events_saved_total")).isEqualTo(3);
    }

    @Test
    void aFailingSaveIsRetriedNeverSkipped() throws Exception {
        String topic = newTopic(1);
        StoreSink store = new StoreSink();
        AtomicInteger failures = new AtomicInteger(3);
        io.theia.api.source.EventSink failing = events -> failures.getAndDecrement() > 0
                ? java.util.concurrent.CompletableFuture.failedFuture(
                        new io.theia.api.store.EventWriteException("disk full"))
                : store.deliver(events);
        broker.produce(topic, 0, encoded(events("f", 4)));
        RecordingMetrics metrics = new RecordingMetrics();
        try (KafkaSource source = start(topic, "g-" + topic, failing, metrics)) {
            await().atMost(PATIENCE).until(() -> broker.committedTotal("g-" + topic) == 4);
        }
        assertThat(ids(store.stored())).containsExactly("f0", "f1", "f2", "f3");
        assertThat(metrics.count("kafka_duplicates_total")).isZero();
    }

    private KafkaSource start(String topic, String group, io.theia.api.source.EventSink sink,
            RecordingMetrics metrics) {
        return start(topic, group, sink, metrics, null);
    }

    private KafkaSource start(String topic, String group, io.theia.api.source.EventSink sink,
            RecordingMetrics metrics, Integer maxPollRecords) {
        KafkaSourceConfig config = new KafkaSourceConfig(broker.bootstrapServers(), topic, group, maxPollRecords,
                null, 20L, Map.of());
        KafkaSource source = new KafkaSource(config, new TestContext("kafka-test", sink, stateDir, metrics));
        source.start();
        return source;
    }

    private static String newTopic(int partitions) throws Exception {
        String topic = "events-" + TOPICS.incrementAndGet();
        broker.createTopic(topic, partitions);
        return topic;
    }

    static List<Event> events(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> TestEvents.event(prefix + i, i,
                "line " + i, "kafka")).toList();
    }

    static List<byte[]> encoded(List<Event> events) {
        return events.stream().map(EventWriter::toBytes).toList();
    }

    static List<String> ids(List<Event> events) {
        return events.stream().map(Event::id).toList();
    }

    @SuppressWarnings("unused")
    private static TopicPartition partition(String topic, int number) {
        return new TopicPartition(topic, number);
    }
}
