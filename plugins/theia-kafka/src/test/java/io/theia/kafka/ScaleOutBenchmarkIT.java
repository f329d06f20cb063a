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
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scale-out benchmark of docs/benchmarks.md ("Scale-out on Kafka"): agents → Kafka → 2 collectors with naive
 * stores, then {@code /find} of everything through a federated collector against one collector alone. Runs only
 * with {@code -Dtheia.bench=true}.
 *
 * <ul>
 *   <li>{@code -Dtheia.bench.events=N}: events per round (default 1000000), generated and encoded before the
 *       clock starts, so that the agents' cost is the forwarder's alone.</li>
 *   <li>{@code -Dtheia.bench.broker=process} (default) runs the broker in a child JVM ({@link BrokerMain}), whose
 *       CPU time is reported apart; {@code inline} runs it in this JVM.</li>
 *   <li>{@code -Dtheia.bench.variants=theia,lz4,...}: the settings compared, each round on a fresh topic, group
 *       and stores, the variants taking turns ({@code -Dtheia.bench.rounds=R} times each, default 1): see
 *       {@link #VARIANTS}. {@code baseline} runs the plugin archive named by {@code -Dtheia.bench.baseline.plugin}
 *       (an earlier build) with its own defaults.</li>
 *   <li>A first round of the first variant warms the JIT up ({@code -Dtheia.bench.warmup=false}: none).</li>
 *   <li>{@code -Dtheia.bench.producer='k: v, ...'} and {@code -Dtheia.bench.consumer='k: v, ...'} add producer
 *       and consumer properties to every variant; {@code -Dtheia.bench.find=false} skips {@code /find}.</li>
 * </ul>
 */
@EnabledIfSystemProperty(named = "theia.bench", matches = "true")
class ScaleOutBenchmarkIT {

    private static final Path NAIVE_STORE = Path.of(System.getProperty("theia.naive.plugin"));
    private static final Path ARCHIVE = Path.of(System.getProperty("theia.kafka.plugin"));
    private static final int AGENTS = 2;
    private static final int SOURCES_PER_AGENT = 4;
    private static final int PARTITIONS = 6;
    private static final int BATCH = 1000;
    private static final int IN_FLIGHT = 8;
    private static final Pattern READY = Pattern.compile("READY bootstrap=(\\S+)");

    /** The variants: producer properties, then the kafka source's extra keys (YAML flow mappings' insides). */
    private static final Map<String, List<String>> VARIANTS = new LinkedHashMap<>();

    static {
        VARIANTS.put("baseline", List.of("", ""));
        VARIANTS.put("theia", List.of("", ""));
        VARIANTS.put("kafka-defaults", List.of("linger.ms: '5', batch.size: '16384', compression.type: none",
                "maxPollRecords: 500, properties: {fetch.min.bytes: '1', fetch.max.wait.ms: '500', "
                        + "max.partition.fetch.bytes: '1048576'}"));
        VARIANTS.put("no-compression", List.of("compression.type: none", ""));
        VARIANTS.put("zstd", List.of("compression.type: zstd", ""));
        VARIANTS.put("small-polls", List.of("", "maxPollRecords: 2000, properties: {fetch.min.bytes: '1', "
                + "fetch.max.wait.ms: '500', max.partition.fetch.bytes: '1048576'}"));
    }

    @TempDir
    Path dir;

    @Test
    void agentsToKafkaToTwoCollectorsAndAFederatedFind() throws Exception {
        int total = Integer.getInteger("theia.bench.events", 1_000_000) / AGENTS * AGENTS;
        List<String> variants = List.of(System.getProperty("theia.bench.variants", "theia").split(","));
        int rounds = Integer.getInteger("theia.bench.rounds", 1);
        boolean inline = "inline".equals(System.getProperty("theia.bench.broker", "process"));
        List<List<List<Event>>> work = new ArrayList<>();
        long bytes = generate(total, work);
        System.out.printf("BENCH scale-out: %d events per round, %.1f MiB of wire encoding, broker %s; load "
                + "average %s%n", total, bytes / 1048576.0, inline ? "in this JVM" : "in a child JVM", load());

        KafkaBroker inlineBroker = null;
        ChildJvm brokerProcess = null;
        String bootstrap;
        if (inline) {
            inlineBroker = KafkaBroker.start(Files.createDirectories(dir.resolve("broker")));
            bootstrap = inlineBroker.bootstrapServers();
        } else {
            brokerProcess = ChildJvm.start(BrokerMain.class, List.of("-Xmx1g"), List.of(Files.createDirectories(
                    dir.resolve("broker")).toString(), "warmup", "1"), dir.resolve("broker.log"));
            bootstrap = brokerProcess.awaitLine(READY, Duration.ofMinutes(2));
        }
        Properties adminProperties = new Properties();
        adminProperties.put("bootstrap.servers", bootstrap);
        try (Admin admin = Admin.create(adminProperties)) {
            int round = 0;
            if (!"false".equals(System.getProperty("theia.bench.warmup"))) {
                // The JIT compiles the clients, the codec and the store: the first round is slower whatever runs.
                round(round++, variants.get(0) + "(warmup)", bootstrap, admin, brokerProcess, work, total, bytes,
                        false);
            }
            for (int repeat = 0; repeat < rounds; repeat++) {
                for (String variant : variants) {
                    boolean last = repeat == rounds - 1 && variant.equals(variants.get(variants.size() - 1));
                    round(round++, variant, bootstrap, admin, brokerProcess, work, total, bytes,
                            last && !"false".equals(System.getProperty("theia.bench.find")));
                }
            }
        } finally {
            if (brokerProcess != null) {
                brokerProcess.close();
            }
            if (inlineBroker != null) {
                inlineBroker.close();
            }
        }
    }

    private void round(int round, String variant, String bootstrap, Admin admin, ChildJvm broker,
            List<List<List<Event>>> work, int total, long bytes, boolean find) throws Exception {
        List<String> settings = VARIANTS.get(variant.replace("(warmup)", ""));
        if (settings == null) {
            throw new IllegalArgumentException("unknown variant " + variant + "; known: " + VARIANTS.keySet());
        }
        Path archive = variant.startsWith("baseline") ? Path.of(System.getProperty("theia.bench.baseline.plugin"))
                : ARCHIVE;
        String topic = "bench-" + round;
        admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get(60, TimeUnit.SECONDS);
        Path plugins = Files.createDirectories(dir.resolve("plugins-" + round));
        Files.copy(archive, plugins.resolve("theia-kafka.zip"));
        Files.copy(NAIVE_STORE, plugins.resolve(NAIVE_STORE.getFileName()));
        String producer = join(settings.get(0), System.getProperty("theia.bench.producer", ""));
        String consumer = join(settings.get(1), System.getProperty("theia.bench.consumer", "").isBlank() ? ""
                : "properties: {" + System.getProperty("theia.bench.consumer") + "}");
        List<HostServices> services = new ArrayList<>();
        List<TheiaRuntime> runtimes = new ArrayList<>();
        try {
            for (int c = 0; c < 2; c++) {
                services.add(HostServices.named("c" + c));
                runtimes.add(TheiaRuntime.start(configuration(round + "-c" + c, plugins, """
                        store: {type: naive, dataDir: %s}
                        server: {host: 127.0.0.1, port: 0}
                        sources:
                          - {type: kafka, name: kafka, bootstrapServers: '%s', topic: %s, groupId: %s%s}
                        """.formatted(dir.resolve("data-" + round + "-" + c), bootstrap, topic, topic,
                        consumer.isBlank() ? "" : ", " + consumer)), services.get(c)));
            }
            List<EventSink> sinks = new ArrayList<>();
            for (int a = 0; a < AGENTS; a++) {
                TheiaRuntime agent = TheiaRuntime.start(configuration(round + "-agent" + a, plugins, """
                        forward: {type: kafka, bootstrapServers: '%s', topic: %s, properties: {%s}}
                        """.formatted(bootstrap, topic, producer)), HostServices.named("agent" + a));
                runtimes.add(agent);
                sinks.add(agent.sink());
            }
            String loadBefore = load();
            Duration brokerCpu0 = broker == null ? Duration.ZERO : broker.cpu();
            long cpu0 = processCpuNanos();
            Map<Long, Long> threads0 = threadCpu();
            long gc0 = gcMillis();
            java.util.concurrent.atomic.AtomicLong agentThreadsCpu = new java.util.concurrent.atomic.AtomicLong();
            long start = System.nanoTime();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> agents = new ArrayList<>();
            for (int a = 0; a < AGENTS; a++) {
                int agent = a;
                Thread thread = new Thread(() -> {
                    produce(sinks.get(agent), work.get(agent), failure);
                    agentThreadsCpu.addAndGet(ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime());
                }, "bench-agent-" + a);
                agents.add(thread);
                thread.start();
            }
            for (Thread thread : agents) {
                thread.join();
            }
            assertThat(failure.get()).isNull();
            double acked = seconds(start);
            boolean counted = counter(services, "theia.source.kafka.records.polled") >= 0;
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> !counted || counter(services, "theia.source.kafka.records.polled") >= total);
            double polled = seconds(start);
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> counter(services, "theia.source.kafka.events.saved") >= total);
            double saved = seconds(start);
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(20))
                    .until(() -> committed(admin, topic) >= total);
            double committed = seconds(start);
            double ownCpu = (processCpuNanos() - cpu0) / 1e9;
            Map<String, Long> byGroup = threadCpuByGroup(threads0);
            byGroup.merge("bench-agent (generating nothing: delivering)", agentThreadsCpu.get(), Long::sum);
            double brokerCpu = broker == null ? Double.NaN : (broker.cpu().minus(brokerCpu0)).toNanos() / 1e9;
            double stored = topicBytes(admin, topic) / 1048576.0;
            System.out.printf("BENCH round %d %-14s topic %5.1f MiB | acked %5.2f s %6.0f ev/s | polled %s | saved "
                    + "%5.2f s %6.0f ev/s "
                    + "%5.1f MiB/s | committed %5.2f s | CPU: agents+collectors %.1f s (%.1f us/event), broker %s"
                    + " | load average %s -> %s%n", round, variant, stored, acked, total / acked,
                    counted ? "%5.2f s".formatted(polled) : "n/a", saved, total / saved,
                    bytes / 1048576.0 / saved, committed, ownCpu, ownCpu * 1e6 / total, Double.isNaN(brokerCpu)
                    ? "(inside the JVM's)" : "%.1f s (%.1f us/event)".formatted(brokerCpu, brokerCpu * 1e6 / total),
                    loadBefore, load());
            long threadsTotal = byGroup.values().stream().mapToLong(Long::longValue).sum();
            StringBuilder breakdown = new StringBuilder();
            byGroup.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(12)
                    .forEach(entry -> breakdown.append(String.format(" %s %.1f us;", entry.getKey(),
                            entry.getValue() / 1e3 / total)));
            System.out.printf("BENCH round %d %s CPU per event by thread:%s JVM other (GC, JIT) %.1f us; GC pauses "
                    + "%d ms%n", round, variant, breakdown, (ownCpu * 1e9 - threadsTotal) / 1e3 / total,
                    gcMillis() - gc0);
            if (find) {
                find(runtimes.subList(0, 2), plugins);
            }
        } finally {
            for (int i = runtimes.size() - 1; i >= 0; i--) {
                runtimes.get(i).close();
            }
            admin.deleteTopics(List.of(topic)).all().get(60, TimeUnit.SECONDS);
        }
    }

    private void find(List<TheiaRuntime> collectors, Path plugins) throws Exception {
        List<String> peers = collectors.stream().map(runtime -> "127.0.0.1:" + runtime.server().orElseThrow()
                .port()).toList();
        try (TheiaRuntime federated = TheiaRuntime.start(configuration("federated", plugins, """
                store: {type: federated, peers: [%s]}
                server: {host: 127.0.0.1, port: 0}
                """.formatted(String.join(", ", peers))), HostServices.named("federated"))) {
            CollectorClient single = CollectorClient.of("127.0.0.1", collectors.get(0).server().orElseThrow().port());
            CollectorClient merged = CollectorClient.of("127.0.0.1", federated.server().orElseThrow().port());
            for (int round = 0; round < 3; round++) {
                double singleRate = findRate(single);
                double mergedRate = findRate(merged);
                System.out.printf("BENCH find round %d: one collector %.0f events/s; federated over 2 %.0f events/s "
                        + "(%.0f%%); load average %s%n", round, singleRate, mergedRate, 100 * mergedRate / singleRate,
                        load());
            }
        }
    }

    /** Each agent's batches: its sources' events, encoded once here to count the bytes. */
    private static long generate(int total, List<List<List<Event>>> work) {
        EventWriter writer = new EventWriter();
        Instant base = Instant.parse("2026-01-01T00:00:00Z");
        long bytes = 0;
        int count = total / AGENTS;
        for (int agent = 0; agent < AGENTS; agent++) {
            List<List<Event>> batches = new ArrayList<>();
            List<String> tags = List.of("bench", "agent" + agent);
            for (int from = 0; from < count; from += BATCH) {
                List<Event> batch = new ArrayList<>(BATCH);
                for (int i = from; i < Math.min(from + BATCH, count); i++) {
                    Event event = new Event("a" + agent + "-" + i, base.plusNanos(1000L * (i * AGENTS + agent)),
                            "/var/log/app-" + (i % SOURCES_PER_AGENT) + ".log", tags,
                            "127.0.0.1 - - [01/Jan/2026:00:00:00 +0000] \"GET /api/items/" + i
                                    + " HTTP/1.1\" 200 5123 \"-\" \"Mozilla/5.0 (X11; Linux x86_64)\"");
                    bytes += writer.encodeToArray(event).length;
                    batch.add(event);
                }
                batches.add(batch);
            }
            work.add(batches);
        }
        return bytes;
    }

    /** One agent's forwarding: its batches, at most {@value #IN_FLIGHT} deliveries waiting, as the watcher does. */
    private static void produce(EventSink forwarder, List<List<Event>> batches, AtomicReference<Throwable> failure) {
        try {
            Semaphore inFlight = new Semaphore(IN_FLIGHT);
            for (List<Event> batch : batches) {
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

    private static double findRate(CollectorClient client) {
        long start = System.nanoTime();
        List<Event> events = client.findAll(EventQuery.all());
        return events.size() / seconds(start);
    }

    /** The sum of a counter over the hosts; -1 when no host has it (an archive without it). */
    private static long counter(List<HostServices> services, String name) {
        long sum = -1;
        for (HostServices service : services) {
            Counter counter = service.metrics().find(name).counter();
            if (counter != null) {
                sum = Math.max(sum, 0) + (long) counter.count();
            }
        }
        return sum;
    }

    private static long committed(Admin admin, String group) throws Exception {
        Map<?, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                .get(30, TimeUnit.SECONDS);
        return offsets.values().stream().filter(offset -> offset != null).mapToLong(OffsetAndMetadata::offset)
                .sum();
    }

    private static Map<Long, Long> threadCpu() {
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpu = new java.util.HashMap<>();
        for (long id : threads.getAllThreadIds()) {
            cpu.put(id, threads.getThreadCpuTime(id));
        }
        return cpu;
    }

    /** CPU time of the live threads since {@code before}, by name with the numbers left out. */
    private static Map<String, Long> threadCpuByGroup(Map<Long, Long> before) {
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Long> groups = new java.util.HashMap<>();
        for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long now = threads.getThreadCpuTime(info.getThreadId());
            long used = now - before.getOrDefault(info.getThreadId(), 0L);
            if (now > 0 && used > 0) {
                groups.merge(info.getThreadName().replaceAll("/tmp/\\S*", "").replaceAll("\\d+", "N").trim(),
                        used, Long::sum);
            }
        }
        return groups;
    }

    /** The bytes of the topic's partitions in the broker's log directories (compressed as the producer sent it). */
    private static long topicBytes(Admin admin, String topic) throws Exception {
        List<Integer> brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).stream()
                .map(org.apache.kafka.common.Node::id).toList();
        long bytes = 0;
        for (var dirs : admin.describeLogDirs(brokers).allDescriptions().get(30, TimeUnit.SECONDS).values()) {
            for (var dir : dirs.values()) {
                for (var replica : dir.replicaInfos().entrySet()) {
                    if (replica.getKey().topic().equals(topic)) {
                        bytes += replica.getValue().size();
                    }
                }
            }
        }
        return bytes;
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime).sum();
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static String join(String first, String second) {
        return first.isBlank() ? second : second.isBlank() ? first : first + ", " + second;
    }

    private static String load() throws Exception {
        return String.join(" ", List.of(Files.readString(Path.of("/proc/loadavg")).split(" ")).subList(0, 3));
    }

    private Configuration configuration(String name, Path plugins, String yaml) throws Exception {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, yaml + "stateDir: " + dir.resolve(name + "-state") + "\nplugins:\n  directories: ["
                + plugins + "]\n");
        return Configuration.load(file, Map.of(), Map.of());
    }
}
