package io.theia.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import io.theia.core.internal.client.CollectorClient;
import io.theia.core.internal.config.Configuration;
import io.theia.core.internal.plugins.HostServices;
import io.theia.core.internal.runtime.TheiaRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end-to-end test of issue 19: two agents tail files → a Kafka topic of 3 partitions → two collectors in one
 * group, each with its own naive store. One collector is a child process, SIGKILLed while it consumes and started
 * again on the same store; then the broker is stopped for some seconds and started again. In the end a federated
 * query returns every line exactly once, in timestamp order, each file's lines in the file's order; each store holds
 * each file's lines in the file's order and no event twice (docs/scale-out.md, "Order across collectors").
 */
class CollectorKillIT {

    private static final Path ARCHIVE = Path.of(System.getProperty("theia.kafka.plugin"));
    private static final Path WATCHER = Path.of(System.getProperty("theia.watcher.plugin"));
    private static final Path NAIVE_STORE = Path.of(System.getProperty("theia.naive.plugin"));
    private static final Pattern READY = Pattern.compile("READY port=(\\d+)");
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final int PARTITIONS = 3;

    @TempDir
    Path dir;
    /** The tailed files' names, two per agent, chosen so that every partition has lines (see {@link #files}). */
    private List<String> files;

    @Test
    void aKilledCollectorAndAStoppedBrokerLoseNothingAndStoreNothingTwice() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(Files.createDirectories(dir.resolve("broker")))) {
            broker.createTopic("theia-events", PARTITIONS);
            files = files();
            Path plugins = Files.createDirectories(dir.resolve("plugins"));
            for (Path plugin : List.of(ARCHIVE, WATCHER, NAIVE_STORE)) {
                Files.copy(plugin, plugins.resolve(plugin.getFileName()));
            }
            for (String agent : List.of("a", "b")) {
                Files.createDirectories(dir.resolve("agent-" + agent));
            }
            append(0, 1500);
            Path childConfig = collectorConfig("child", plugins, broker);
            List<AutoCloseable> running = new ArrayList<>();
            try {
                HostServices inProcessServices = HostServices.named("in-process");
                TheiaRuntime inProcess = TheiaRuntime.start(Configuration.load(collectorConfig("in-process", plugins,
                        broker), Map.of(), Map.of()), inProcessServices);
                running.add(inProcess);
                ChildJvm child = startChild(childConfig, 1);
                running.add(child);
                int firstChildPort = Integer.parseInt(child.awaitLine(READY, PATIENCE));
                CollectorClient childClient = CollectorClient.of("127.0.0.1", firstChildPort);
                // Both collectors share the partitions before the agents send anything.
                await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).until(() ->
                        assignedPartitions(inProcessServices.metrics().scrape()) > 0
                                && assignedPartitions(metrics(firstChildPort)) > 0);
                for (String agent : List.of("a", "b")) {
                    running.add(TheiaRuntime.start(configuration("agent-" + agent, plugins, """
                            forward: {type: kafka, bootstrapServers: '%s', topic: theia-events}
                            sources:
                              - {type: file, name: logs, paths: ['%s/*.log'], startAt: beginning}
                            """.formatted(broker.bootstrapServers(), dir.resolve("agent-" + agent))),
                            HostServices.named("agent-" + agent)));
                }

                // SIGKILL while it consumes: it has saved some of the lines, more are on their way.
                await().atMost(PATIENCE).pollInterval(Duration.ofMillis(20))
                        .until(() -> count(childClient) > 0);
                child.kill();
                append(1500, 2000);
                ChildJvm restarted = startChild(childConfig, 2);
                running.add(restarted);
                int childPort = Integer.parseInt(restarted.awaitLine(READY, PATIENCE));
                CollectorClient restartedClient = CollectorClient.of("127.0.0.1", childPort);
                CollectorClient inProcessClient = CollectorClient.of("127.0.0.1",
                        inProcess.server().orElseThrow().port());

                // The broker goes down for some seconds: lines written meanwhile wait in the agents.
                broker.stopBroker();
                append(2000, 2500);
                AtomicLong previous = new AtomicLong(-1);
                await().during(Duration.ofSeconds(3)).atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                        .until(() -> {
                            long now = count(inProcessClient) + count(restartedClient);
                            return previous.getAndSet(now) == now && now < lines(2500);
                        });
                broker.restartBroker();
                append(2500, 3000);

                await().atMost(PATIENCE).pollInterval(Duration.ofMillis(250)).until(() ->
                        ids(inProcessClient, restartedClient).size() >= lines(3000));
                List<Event> inProcessEvents = inProcessClient.findAll(EventQuery.all());
                List<Event> childEvents = restartedClient.findAll(EventQuery.all());
                assertThat(inProcessEvents).extracting(Event::id).doesNotHaveDuplicates();
                assertThat(childEvents).extracting(Event::id).doesNotHaveDuplicates();
                for (String file : files) {
                    // Each store has a file's lines in the file's order.
                    assertThat(lineNumbers(inProcessEvents, file)).as("in-process " + file).isSorted();
                    assertThat(lineNumbers(childEvents, file)).as("child " + file).isSorted();
                }

                try (TheiaRuntime federated = TheiaRuntime.start(configuration("federated", plugins, """
                        store: {type: federated, peers: ['127.0.0.1:%d', '127.0.0.1:%d']}
                        server: {host: 127.0.0.1, port: 0}
                        """.formatted(inProcess.server().orElseThrow().port(), childPort)),
                        HostServices.named("federated"))) {
                    List<Event> all = CollectorClient.of("127.0.0.1", federated.server().orElseThrow().port())
                            .findAll(EventQuery.all());
                    assertThat(all).hasSize(lines(3000));
                    assertThat(all).extracting(Event::id).doesNotHaveDuplicates();
                    // By timestamp.
                    assertThat(all).isSortedAccordingTo(Comparator.comparing(Event::timestamp));
                    for (String file : files) {
                        List<Event> ofFile = all.stream().filter(event -> event.content().startsWith(file + " "))
                                .toList();
                        // Every line once and in the file's order, although a partition move split the file between
                        // the two stores: the watcher stamps each line later than the one before.
                        assertThat(lineNumbers(ofFile, file)).as(file).containsExactlyElementsOf(
                                IntStream.range(0, 3000).boxed().toList());
                    }
                }
            } finally {
                for (int i = running.size() - 1; i >= 0; i--) {
                    running.get(i).close();
                }
            }
        }
    }

    private ChildJvm startChild(Path config, int run) throws Exception {
        return ChildJvm.start(CollectorMain.class, List.of("-Xmx256m", "-XX:+UseSerialGC"),
                List.of(config.toString(), "child"), dir.resolve("child-" + run + ".log"));
    }

    private Path collectorConfig(String name, Path plugins, KafkaBroker broker) throws Exception {
        // A short session: the group hands a killed collector's partitions over within seconds.
        return write(name, plugins, """
                store: {type: naive, dataDir: %s}
                server: {host: 127.0.0.1, port: 0}
                sources:
                  - type: kafka
                    name: kafka
                    bootstrapServers: '%s'
                    topic: theia-events
                    groupId: collectors
                    properties: {session.timeout.ms: '6000', heartbeat.interval.ms: '1000'}
                """.formatted(dir.resolve("data-" + name), broker.bootstrapServers()));
    }

    /** Appends lines {@code from} to {@code to} (exclusive) to every file, each line naming its file. */
    private void append(int from, int to) throws Exception {
        for (String file : files) {
            Path path = dir.resolve("agent-" + file.charAt(0)).resolve(file);
            Files.write(path, IntStream.range(from, to).mapToObj(i -> file + " " + i).toList(),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    private int lines(int perFile) {
        return perFile * files.size();
    }

    private static long count(CollectorClient client) {
        return client.findAll(EventQuery.all()).size();
    }

    /**
     * Two files per agent whose keys (their paths: the events' source) go to partitions that together are all
     * of the topic's, as Kafka's default partitioner places keyed records; so whichever partitions the child
     * collector holds, lines come to it.
     */
    private List<String> files() {
        List<String> chosen = new ArrayList<>();
        java.util.Set<Integer> covered = new java.util.HashSet<>();
        for (int partition = 0; partition < PARTITIONS; partition++) {
            String agent = partition % 2 == 0 ? "a" : "b";
            for (int k = 0; ; k++) {
                String name = agent + k + ".log";
                if (!chosen.contains(name) && partition(agent, name) == partition) {
                    chosen.add(name);
                    covered.add(partition);
                    break;
                }
            }
        }
        chosen.add(IntStream.range(0, 100).mapToObj(k -> "b" + k + ".log").filter(name -> !chosen.contains(name))
                .findFirst().orElseThrow());
        assertThat(covered).hasSize(PARTITIONS);
        return List.copyOf(chosen);
    }

    private int partition(String agent, String name) {
        byte[] key = dir.resolve("agent-" + agent).resolve(name).toString().getBytes(
                java.nio.charset.StandardCharsets.UTF_8);
        return org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(key))
                % PARTITIONS;
    }

    /** The partitions a collector's {@code kafka} source has, from its lag gauges in {@code /metrics}. */
    private static long assignedPartitions(String metrics) {
        return metrics.lines().filter(line -> line.startsWith("theia_source_kafka_lag_records{")).count();
    }

    private static String metrics(int port) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port
                + "/metrics")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    private static List<Integer> lineNumbers(List<Event> events, String file) {
        return events.stream().filter(event -> event.content().startsWith(file + " "))
                .map(event -> lineNumber(event, file)).toList();
    }

    private static int lineNumber(Event event, String file) {
        return Integer.parseInt(event.content().substring(file.length() + 1));
    }

    private static java.util.Set<String> ids(CollectorClient... clients) {
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (CollectorClient client : clients) {
            client.findAll(EventQuery.all()).forEach(event -> ids.add(event.id()));
        }
        return ids;
    }

    private Configuration configuration(String name, Path plugins, String yaml) throws Exception {
        return Configuration.load(write(name, plugins, yaml), Map.of(), Map.of());
    }

    private Path write(String name, Path plugins, String yaml) throws Exception {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, yaml + "stateDir: " + dir.resolve(name + "-state") + "\nplugins:\n  directories: ["
                + plugins + "]\n");
        return file;
    }
}
