package io.theia.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import io.theia.api.store.EventStore;
import io.theia.core.internal.config.Configuration;
import io.theia.core.internal.plugins.HostServices;
import io.theia.core.internal.runtime.TheiaRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged plugin as the distribution runs it: its zip in a plugins directory beside the watcher and the naive
 * store; an agent tails a file and forwards through {@code forward.type: kafka}, a collector consumes the topic with
 * a {@code kafka} source into its naive store and exports the consumer's lag in {@code /metrics}.
 */
class KafkaPluginIT {

    private static final Path ARCHIVE = Path.of(System.getProperty("theia.kafka.plugin"));
    private static final Path WATCHER = Path.of(System.getProperty("theia.watcher.plugin"));
    private static final Path NAIVE_STORE = Path.of(System.getProperty("theia.naive.plugin"));

    @TempDir
    Path dir;

    @Test
    void anAgentForwardsAFileThroughKafkaToACollectorsStore() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(Files.createDirectories(dir.resolve("broker")))) {
            broker.createTopic("theia-events", 3);
            Path plugins = Files.createDirectories(dir.resolve("plugins"));
            for (Path plugin : List.of(ARCHIVE, WATCHER, NAIVE_STORE)) {
                Files.copy(plugin, plugins.resolve(plugin.getFileName()));
            }
            Path log = dir.resolve("app.log");
            Files.write(log, IntStream.range(0, 300).mapToObj(i -> "line " + i).toList());
            HostServices collectorServices = HostServices.named("collector");

            try (TheiaRuntime collector = TheiaRuntime.start(configuration("collector", plugins, """
                    store: {type: naive, dataDir: %s}
                    server: {enabled: false}
                    sources:
                      - {type: kafka, name: kafka, bootstrapServers: '%s', topic: theia-events, groupId: collectors}
                    """.formatted(dir.resolve("data"), broker.bootstrapServers())), collectorServices);
                    TheiaRuntime agent = TheiaRuntime.start(configuration("agent", plugins, """
                    forward: {type: kafka, bootstrapServers: '%s', topic: theia-events}
                    sources:
                      - {type: file, name: app, paths: ['%s'], startAt: beginning}
                    """.formatted(broker.bootstrapServers(), log)), HostServices.named("agent"))) {
                assertThat(agent.configuration().agent()).isTrue();
                Files.write(log, IntStream.range(300, 500).mapToObj(i -> "line " + i).toList(),
                        StandardOpenOption.APPEND);

                EventStore store = collector.store().orElseThrow();
                await().atMost(Duration.ofSeconds(90)).until(() -> count(store) == 500);
                try (Stream<Event> events = store.search(EventQuery.all())) {
                    assertThat(events.map(Event::content).toList()).containsExactlyElementsOf(
                            IntStream.range(0, 500).mapToObj(i -> "line " + i).toList());
                }
                assertThat(collectorServices.metrics().scrape()).contains("theia_source_kafka_lag_records")
                        .contains("partition=\"theia-events-0\"");
            }
        }
    }

    @Test
    void twoCollectorsShareATopicAndAFederatedCollectorAnswersForBoth() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(Files.createDirectories(dir.resolve("broker")))) {
            broker.createTopic("theia-events", 3);
            Path plugins = Files.createDirectories(dir.resolve("plugins"));
            for (Path plugin : List.of(ARCHIVE, WATCHER, NAIVE_STORE)) {
                Files.copy(plugin, plugins.resolve(plugin.getFileName()));
            }
            List<Path> logs = List.of(dir.resolve("a.log"), dir.resolve("b.log"), dir.resolve("c.log"));
            for (Path log : logs) {
                Files.write(log, IntStream.range(0, 200).mapToObj(i -> log.getFileName() + " " + i).toList());
            }
            TheiaRuntime first = collector("first", plugins, broker);
            java.util.concurrent.atomic.AtomicReference<TheiaRuntime> second = new java.util.concurrent.atomic
                    .AtomicReference<>(collector("second", plugins, broker));
            try (TheiaRuntime agent = TheiaRuntime.start(configuration("agent", plugins, """
                    forward: {type: kafka, bootstrapServers: '%s', topic: theia-events}
                    sources:
                      - {type: file, name: logs, paths: ['%s/*.log'], startAt: beginning}
                    """.formatted(broker.bootstrapServers(), dir)), HostServices.named("agent"))) {
                await().atMost(Duration.ofSeconds(90)).until(() -> count(first.store().orElseThrow())
                        + count(second.get().store().orElseThrow()) >= 300);
                // One collector stops mid-run and comes back on the same store: its partitions move and return.
                second.get().close();
                for (Path log : logs) {
                    Files.write(log, IntStream.range(200, 400).mapToObj(i -> log.getFileName() + " " + i).toList(),
                            StandardOpenOption.APPEND);
                }
                second.set(collector("second", plugins, broker));
                await().atMost(Duration.ofSeconds(120)).until(() -> count(first.store().orElseThrow())
                        + count(second.get().store().orElseThrow()) >= 1200);

                List<String> peers = List.of(first, second.get()).stream().map(runtime -> "127.0.0.1:"
                        + runtime.server().orElseThrow().port()).toList();
                try (TheiaRuntime federated = TheiaRuntime.start(configuration("federated", plugins, """
                        store: {type: federated, peers: [%s]}
                        server: {host: 127.0.0.1, port: 0}
                        """.formatted(String.join(", ", peers))), HostServices.named("federated"))) {
                    List<Event> all = io.theia.core.internal.client.CollectorClient.of("127.0.0.1",
                            federated.server().orElseThrow().port()).findAll(EventQuery.all());
                    assertThat(all).hasSize(1200);
                    assertThat(all.stream().map(Event::id).distinct().count()).isEqualTo(1200);
                    assertThat(all).isSortedAccordingTo(java.util.Comparator.comparing(Event::timestamp));
                    for (Path log : logs) {
                        String name = log.getFileName().toString();
                        assertThat(all.stream().map(Event::content).filter(content -> content.startsWith(name + " "))
                                .toList()).as(name).containsExactlyElementsOf(IntStream.range(0, 400)
                                .mapToObj(i -> name + " " + i).toList());
                    }
                }
            } finally {
                first.close();
                second.get().close();
            }
        }
    }

    private TheiaRuntime collector(String name, Path plugins, KafkaBroker broker) throws Exception {
        return TheiaRuntime.start(configuration(name, plugins, """
                store: {type: naive, dataDir: %s}
                server: {host: 127.0.0.1, port: 0}
                sources:
                  - {type: kafka, name: kafka, bootstrapServers: '%s', topic: theia-events, groupId: collectors}
                """.formatted(dir.resolve("data-" + name), broker.bootstrapServers())), HostServices.named(name));
    }

    private static long count(EventStore store) {
        try (Stream<Event> events = store.search(EventQuery.all())) {
            return events.count();
        }
    }

    private Configuration configuration(String name, Path plugins, String yaml) throws Exception {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, yaml + "stateDir: " + dir.resolve(name + "-state") + "\nplugins:\n  directories: ["
                + plugins + "]\n");
        return Configuration.load(file, Map.of(), Map.of());
    }
}
