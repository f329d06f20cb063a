package io.theia.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.theia.api.codec.EventWriter;
import io.theia.api.event.Event;
import io.theia.api.source.EventSink;
import io.theia.api.store.EventQuery;
import io.theia.core.internal.client.CollectorClient;
import io.theia.core.internal.config.Configuration;
import io.theia.core.internal.plugins.HostServices;
import io.theia.core.internal.runtime.TheiaRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scale-out benchmark of docs/benchmarks.md ("Scale-out on Kafka"): agents → Kafka → 2 collectors with naive
 * stores, then {@code /find} of everything through a federated collector against one collector alone. Everything
 * (broker included) runs in this one JVM, so the broker's cost is in the figures. Runs only with
 * {@code -Dtheia.bench=true}; {@code -Dtheia.bench.events=N} sets the number of events (default 300000).
 */
@EnabledIfSystemProperty(named = "theia.bench", matches = "true")
class ScaleOutBenchmarkIT {

    private static final Path NAIVE_STORE = Path.of(System.getProperty("theia.naive.plugin"));
    private static final Path ARCHIVE = Path.of(System.getProperty("theia.kafka.plugin"));
    private static final int AGENTS = 2;
    private static final int SOURCES_PER_AGENT = 4;
    private static final int BATCH = 1000;
    private static final int IN_FLIGHT = 8;

    @TempDir
    Path dir;

    @Test
    void agentsToKafkaToTwoCollectorsAndAFederatedFind() throws Exception {
        int total = Integer.getInteger("theia.bench.events", 300_000);
        try (KafkaBroker broker = KafkaBroker.start(Files.createDirectories(dir.resolve("broker")))) {
            broker.createTopic("bench", 6);
            Path plugins = Files.createDirectories(dir.resolve("plugins"));
            Files.copy(ARCHIVE, plugins.resolve(ARCHIVE.getFileName()));
            Files.copy(NAIVE_STORE, plugins.resolve(NAIVE_STORE.getFileName()));
            List<HostServices> services = List.of(HostServices.named("c0"), HostServices.named("c1"));
            List<TheiaRuntime> collectors = new ArrayList<>();
            try {
                for (int c = 0; c < 2; c++) {
                    collectors.add(TheiaRuntime.start(configuration("c" + c, plugins, """
                            store: {type: naive, dataDir: %s}
                            server: {host: 127.0.0.1, port: 0}
                            sources:
                              - {type: kafka, name: kafka, bootstrapServers: '%s', topic: bench, groupId: bench}
                            """.formatted(dir.resolve("data-" + c), broker.bootstrapServers())), services.get(c)));
                }
                System.out.printf("load average before: %s%n", loadAverage());
                AtomicLong bytes = new AtomicLong();
                long start = System.nanoTime();
                List<Thread> agents = new ArrayList<>();
                AtomicReference<Throwable> failure = new AtomicReference<>();
                for (int a = 0; a < AGENTS; a++) {
                    int agent = a;
                    TheiaRuntime runtime = TheiaRuntime.start(configuration("agent" + a, plugins, """
                            forward: {type: kafka, bootstrapServers: '%s', topic: bench, properties: {%s}}
                            """.formatted(broker.bootstrapServers(), System.getProperty("theia.bench.producer",
                            ""))), HostServices.named("agent" + a));
                    collectors.add(runtime);
                    Thread thread = new Thread(() -> produce(runtime.sink(), agent, total / AGENTS, bytes, failure));
                    agents.add(thread);
                    thread.start();
                }
                for (Thread thread : agents) {
                    thread.join();
                }
                assertThat(failure.get()).isNull();
                double produced = (System.nanoTime() - start) / 1e9;
                await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(50))
                        .until(() -> saved(services) >= total);
                double endToEnd = (System.nanoTime() - start) / 1e9;
                String loadAfterIngest = loadAverage();
                System.out.printf("BENCH scale-out: %d events, %.1f MiB of wire encoding; agents -> Kafka acked in "
                        + "%.2f s (%.0f events/s); agents -> Kafka -> 2 collectors saved in %.2f s (%.0f events/s, "
                        + "%.1f MiB/s); load average %s%n", total, bytes.get() / 1048576.0, produced,
                        total / produced, endToEnd, total / endToEnd, bytes.get() / 1048576.0 / endToEnd,
                        loadAfterIngest);

                List<String> peers = collectors.subList(0, 2).stream().map(runtime -> "127.0.0.1:"
                        + runtime.server().orElseThrow().port()).toList();
                try (TheiaRuntime federated = TheiaRuntime.start(configuration("federated", plugins, """
                        store: {type: federated, peers: [%s]}
                        server: {host: 127.0.0.1, port: 0}
                        """.formatted(String.join(", ", peers))), HostServices.named("federated"))) {
                    CollectorClient single = CollectorClient.of("127.0.0.1",
                            collectors.get(0).server().orElseThrow().port());
                    CollectorClient merged = CollectorClient.of("127.0.0.1", federated.server().orElseThrow()
                            .port());
                    for (int round = 0; round < 3; round++) {
                        double singleRate = findRate(single);
                        double mergedRate = findRate(merged);
                        System.out.printf("BENCH find round %d: one collector %.0f events/s; federated over 2 "
                                + "%.0f events/s (%.0f%%); load average %s%n", round, singleRate, mergedRate,
                                100 * mergedRate / singleRate, loadAverage());
                    }
                }
            } finally {
                collectors.forEach(TheiaRuntime::close);
            }
        }
    }

    private static double findRate(CollectorClient client) {
        long start = System.nanoTime();
        List<Event> events = client.findAll(EventQuery.all());
        return events.size() / ((System.nanoTime() - start) / 1e9);
    }

    private static long saved(List<HostServices> services) {
        long saved = 0;
        for (HostServices service : services) {
            Counter counter = service.metrics().find("theia.source.kafka.events.saved").counter();
            saved += counter == null ? 0 : (long) counter.count();
        }
        return saved;
    }

    /** One agent (a runtime with {@code forward.type: kafka}): its sources' events in batches, at most {@value #IN_FLIGHT} deliveries waiting for Kafka. */
    private static void produce(EventSink forwarder, int agent, int count, AtomicLong bytes,
            AtomicReference<Throwable> failure) {
        try {
            Semaphore inFlight = new Semaphore(IN_FLIGHT);
            EventWriter writer = new EventWriter();
            Instant base = Instant.parse("2026-01-01T00:00:00Z");
            for (int from = 0; from < count; from += BATCH) {
                List<Event> batch = new ArrayList<>(BATCH);
                for (int i = from; i < Math.min(from + BATCH, count); i++) {
                    Event event = new Event("a" + agent + "-" + i, base.plusNanos(1000L * (i * AGENTS + agent)),
                            "/var/log/app-" + (i % SOURCES_PER_AGENT) + ".log", List.of("bench", "agent" + agent),
                            "127.0.0.1 - - [01/Jan/2026:00:00:00 +0000] \"GET /api/items/" + i
                                    + " HTTP/1.1\" 200 5123 \"-\" \"Mozilla/5.0 (X11; Linux x86_64)\"");
                    bytes.addAndGet(writer.encodeToArray(event).length);
                    batch.add(event);
                }
                inFlight.acquire();
                forwarder.deliver(batch).whenComplete((ignored, error) -> {
                    if (error != null) {
                        failure.compareAndSet(null, error);
                    }
                    inFlight.release();
                });
            }
            inFlight.acquire(IN_FLIGHT);
        } catch (Exception | Error e) {
            failure.compareAndSet(null, e);
        }
    }

    private static String loadAverage() throws Exception {
        return String.join(" ", List.of(Files.readString(Path.of("/proc/loadavg")).split(" ")).subList(0, 3));
    }

    private Configuration configuration(String name, Path plugins, String yaml) throws Exception {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, yaml + "stateDir: " + dir.resolve(name + "-state") + "\nplugins:\n  directories: ["
                + plugins + "]\n");
        return Configuration.load(file, Map.of(), Map.of());
    }
}
