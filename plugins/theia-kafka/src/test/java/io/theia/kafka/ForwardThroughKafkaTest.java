package io.theia.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.theia.api.event.Event;
import io.theia.api.source.EventForwarder;
import io.theia.api.testkit.TestEvents;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agents → Kafka → collectors: sources deliver to the {@code kafka} forwarder, a {@code kafka} source of a collector
 * consumes the topic into a store, and Kafka becomes unreachable for some seconds in the middle.
 */
class ForwardThroughKafkaTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final int SOURCES = 3;
    private static final int EVENTS_PER_SOURCE = 600;
    private static final int BATCH = 20;

    @TempDir
    Path brokerDir;
    @TempDir
    Path stateDir;

    @Test
    void everyEventArrivesOnceInPerSourceOrderAcrossAnOutage() throws Exception {
        try (TcpProxy proxy = new TcpProxy(); KafkaBroker broker = KafkaBroker.start(brokerDir, proxy)) {
            run(broker, "127.0.0.1:" + proxy.port(), proxy::cut, proxy::restore);
        }
    }

    @Test
    void everyEventArrivesOnceInPerSourceOrderWhenTheBrokerIsStoppedAndRestarted() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(brokerDir)) {
            run(broker, broker.bootstrapServers(), broker::stopBroker, broker::restartBroker);
        }
    }

    private void run(KafkaBroker broker, String servers, Runnable outage, Runnable recovery) throws Exception {
        broker.createTopic("events", 3);
        StoreSink store = new StoreSink();
        RecordingMetrics metrics = new RecordingMetrics();
        KafkaSource collector = new KafkaSource(new KafkaSourceConfig(servers, "events", "collectors", null,
                null, 50L, Map.of()), new TestContext("collector", store, stateDir, metrics));
        collector.start();
        try (EventForwarder forwarder = new KafkaForwarderFactory().create(new KafkaForwarderConfig(servers,
                "events", null, Map.of("request.timeout.ms", "3000", "reconnect.backoff.max.ms", "500")))) {
            List<FileTail> tails = new ArrayList<>();
            for (int s = 0; s < SOURCES; s++) {
                tails.add(new FileTail("/var/log/app-" + s + ".log", forwarder));
            }
            tails.forEach(FileTail::start);
            await().atMost(PATIENCE).until(() -> tails.stream().allMatch(t -> t.acknowledged() > 100));

            outage.run();
            // Kafka is unreachable: what is sent now stays pending, and no checkpoint advances.
            await().atMost(PATIENCE).until(() -> tails.stream().allMatch(FileTail::waiting));
            List<Integer> stalled = tails.stream().map(FileTail::acknowledged).toList();
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() ->
                    tails.stream().map(FileTail::acknowledged).toList().equals(stalled));
            recovery.run();

            await().atMost(PATIENCE).until(() -> tails.stream().allMatch(FileTail::finished));
            assertThat(tails).allSatisfy(tail -> assertThat(tail.failure()).isNull());
        }
        await().atMost(PATIENCE).until(() -> store.stored().size() == SOURCES * EVENTS_PER_SOURCE);
        collector.close();

        List<Event> stored = store.stored();
        assertThat(stored.stream().map(Event::id).distinct().count()).isEqualTo(SOURCES * EVENTS_PER_SOURCE);
        Map<String, List<Integer>> bySource = stored.stream().collect(Collectors.groupingBy(Event::source,
                Collectors.mapping(event -> Integer.parseInt(event.content()), Collectors.toList())));
        assertThat(bySource).hasSize(SOURCES);
        bySource.forEach((source, lines) -> assertThat(lines).as(source).isSorted().hasSize(EVENTS_PER_SOURCE));
    }

    /**
     * Delivers a file's lines in batches as the watcher does: the next batch only once the previous one completed
     * (its checkpoint advanced); a failed delivery is sent again after a pause, so nothing is lost.
     */
    private static final class FileTail {
        private final String path;
        private final EventForwarder sink;
        private final AtomicInteger acknowledged = new AtomicInteger();
        private final AtomicReference<CompletableFuture<Void>> pending = new AtomicReference<>();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final Thread thread;

        FileTail(String path, EventForwarder sink) {
            this.path = path;
            this.sink = sink;
            this.thread = new Thread(this::run, "tail-" + path);
            this.thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        private void run() {
            try {
                while (acknowledged.get() < EVENTS_PER_SOURCE) {
                    int from = acknowledged.get();
                    List<Event> batch = new ArrayList<>();
                    for (int line = from; line < Math.min(from + BATCH, EVENTS_PER_SOURCE); line++) {
                        batch.add(new Event(path + "#" + line, Instant.ofEpochSecond(TestEvents.BASE_SECOND + line),
                                path, List.of("app"), String.valueOf(line)));
                    }
                    CompletableFuture<Void> done = sink.deliver(batch).toCompletableFuture();
                    pending.set(done);
                    try {
                        done.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
                        acknowledged.addAndGet(batch.size());
                    } catch (java.util.concurrent.ExecutionException e) {
                        Thread.sleep(100);
                    }
                }
            } catch (Exception e) {
                failure.set(e);
            }
        }

        int acknowledged() {
            return acknowledged.get();
        }

        boolean waiting() {
            CompletableFuture<Void> done = pending.get();
            return done != null && !done.isDone();
        }

        boolean finished() {
            return acknowledged.get() == EVENTS_PER_SOURCE || failure.get() != null;
        }

        Throwable failure() {
            return failure.get();
        }
    }
}
