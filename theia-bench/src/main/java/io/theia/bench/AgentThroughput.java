package io.theia.bench;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.theia.api.source.EventSource;
import io.theia.api.store.EventStore;
import io.theia.api.testkit.InMemoryEventStore;
import io.theia.store.naive.NaiveEventStoreFactory;
import io.theia.store.naive.NaiveStoreConfig;
import io.theia.core.internal.config.ForwardBatchConfig;
import io.theia.core.internal.config.ForwardConfig;
import io.theia.core.internal.config.ServerConfig;
import io.theia.core.internal.forward.ForwardingSink;
import io.theia.core.internal.pipeline.IngestPipeline;
import io.theia.core.internal.pipeline.LiveHub;
import io.theia.core.internal.server.CollectorServer;
import io.theia.core.internal.server.HealthCheck;
import io.theia.core.internal.server.ServerBackend;
import io.theia.watcher.FileSourceConfig;
import io.theia.watcher.FileSourceFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * File → collector throughput (issue 6): a file of ~200-byte lines read from its beginning by the {@code file}
 * source, forwarded with acknowledgements by the {@link ForwardingSink} over WebSocket to a collector server in
 * the same process, which either discards the events ({@code store.type: none}, live-only) or keeps them in memory.
 * Measured from the source's start until the sink has every event acknowledged. Reports MiB/s of file and events/s.
 *
 * <p>Run: {@code java -Xms3g -Xmx3g -XX:+AlwaysPreTouch -cp theia-bench/target/benchmarks.jar
 * io.theia.bench.AgentThroughput [none|memory|naive] [MiB=256] [runs=4]}.
 */
public final class AgentThroughput {

    private AgentThroughput() {
    }

    public static void main(String[] args) throws Exception {
        String store = args.length > 0 ? args[0] : "none";
        long mib = args.length > 1 ? Long.parseLong(args[1]) : 256;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        Path dir = Files.createTempDirectory("theia-agent-bench");
        try {
            Path log = dir.resolve("bench.log");
            long lines = WatcherThroughput.write(log, mib * 1024 * 1024 / WatcherThroughput.LINE_BYTES);
            long bytes = Files.size(log);
            System.out.printf("file: %d lines, %.1f MiB; collector store: %s; load average: %s%n", lines,
                    bytes / 1048576.0, store, loadAverage());
            for (int run = 1; run <= runs; run++) {
                WatcherThroughput.warmPageCache(log);
                double seconds = measure(log, lines, dir.resolve("state-" + run), store);
                System.out.printf("run %d%s: %.2f s, %.1f MiB/s, %.0f events/s (load %s)%n", run,
                        run == 1 ? " (warm-up)" : "", seconds, bytes / 1048576.0 / seconds, lines / seconds,
                        loadAverage());
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static double measure(Path log, long lines, Path state, String storeType) throws Exception {
        Files.createDirectories(state);
        EventStore store = switch (storeType) {
            case "memory" -> new InMemoryEventStore();
            case "naive" -> new NaiveEventStoreFactory(BenchContext.HOST).create(
                    new NaiveStoreConfig(state.resolve("data"), null, null, null, null));
            default -> null;
        };
        LiveHub hub = new LiveHub();
        IngestPipeline pipeline = new IngestPipeline(store, hub, 4);
        CollectorServer server = CollectorServer.start(new ServerConfig("127.0.0.1", 0, null, null, null, true, null),
                new ServerBackend(pipeline, Optional.ofNullable(store), hub,
                        () -> HealthCheck.Health.up(Map.of("store", storeType)),
                        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)));
        MeterRegistry agentMetrics = new SimpleMeterRegistry();
        ForwardConfig forward = new ForwardConfig("127.0.0.1", server.port(), "true", null,
                new ForwardBatchConfig(null, null, Duration.ofMillis(5)), null, null, null, null, null, null);
        FileSourceConfig source = new FileSourceConfig(List.of(log.toString()), null, null, List.of("bench"),
                "beginning", null, null, null, null, null, 1000, null, 16, null);
        try (ForwardingSink sink = ForwardingSink.start(forward, agentMetrics)) {
            long start = System.nanoTime();
            try (EventSource running = new FileSourceFactory(BenchContext.HOST).create(source, new BenchContext(sink, state))) {
                running.start();
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
                while (agentMetrics.get("theia.forward.events.acknowledged").counter().count() < lines) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("only " + agentMetrics.get("theia.forward.events.acknowledged")
                                .counter().count() + " of " + lines + " events acknowledged");
                    }
                    Thread.sleep(5);
                }
                return (System.nanoTime() - start) / 1e9;
            }
        } finally {
            server.close();
            pipeline.close();
            if (store != null) {
                store.close();
            }
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim().split(" ", 4)[0];
        } catch (Exception e) {
            return "?";
        }
    }
}
