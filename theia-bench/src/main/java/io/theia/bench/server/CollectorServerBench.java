package io.theia.bench.server;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import io.theia.api.store.EventStore;
import io.theia.api.testkit.InMemoryEventStore;
import io.theia.core.internal.client.ClientSecurity;
import io.theia.core.internal.client.CollectorClient;
import io.theia.core.internal.client.CollectorGroup;
import io.theia.core.internal.client.EventPusher;
import io.theia.core.internal.client.LiveStream;
import io.theia.core.internal.client.MergeOptions;
import io.theia.core.internal.client.MergedFind;
import io.theia.core.internal.client.PushOptions;
import io.theia.core.internal.config.ServerConfig;
import io.theia.core.internal.pipeline.IngestPipeline;
import io.theia.core.internal.pipeline.LiveHub;
import io.theia.core.internal.server.CollectorServer;
import io.theia.core.internal.server.HealthCheck;
import io.theia.core.internal.server.ServerBackend;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Throughput and latency of the collector server with client and server in one JVM on this machine (issue 5).
 * Plain {@code main}, not JMH: each figure is a whole client/server exchange over loopback.
 *
 * <pre>java -Xms4g -Xmx4g -XX:+AlwaysPreTouch -cp theia-bench/target/benchmarks.jar \
 *     io.theia.bench.server.CollectorServerBench [ingest|ingest-ack|batched|connections|find|find-merged|live|all]</pre>
 */
public final class CollectorServerBench {

    private static final String CONTENT = "127.0.0.1 - - [06/Nov/2017:17:33:50 +0000] \"GET /index.html HTTP/1.1\" "
            + "200 3042 \"-\" \"Mozilla/5.0 (X11; Linux x86_64)\"";

    private CollectorServerBench() {
    }

    public static void main(String[] args) throws Exception {
        String which = args.length == 0 ? "all" : args[0];
        if (which.equals("all") || which.equals("ingest")) {
            ingest("ingest, 1 event/message, 1 connection, no ack", 1, 1, false, 1_000_000);
        }
        if (which.equals("all") || which.equals("ingest-ack")) {
            ingest("ingest, 1 event/message, 1 connection, ack=1", 1, 1, true, 1_000_000);
        }
        if (which.equals("all") || which.equals("batched")) {
            ingest("ingest, 100 events/message, 1 connection, ack=1", 100, 1, true, 2_000_000);
        }
        if (which.equals("all") || which.equals("connections")) {
            ingest("ingest, 1 event/message, 4 connections, no ack", 1, 4, false, 1_000_000);
        }
        if (which.equals("all") || which.equals("find")) {
            find(1_000_000);
        }
        if (which.equals("all") || which.equals("find-merged")) {
            findMerged(1_000_000);
        }
        if (which.equals("all") || which.equals("live")) {
            live(10, 10_000, Duration.ofSeconds(15));
        }
    }

    private static void ingest(String title, int perMessage, int connections, boolean acked, int total)
            throws Exception {
        for (int round = 0; round < 3; round++) {
            try (Bench bench = new Bench(new InMemoryEventStore())) {
                List<Thread> threads = new ArrayList<>();
                int perConnection = total / connections;
                long start = System.nanoTime();
                for (int c = 0; c < connections; c++) {
                    int connection = c;
                    Thread thread = new Thread(() -> push(bench.client, acked, perMessage,
                            events("c" + connection + "-", connection, perConnection)));
                    threads.add(thread);
                }
                // events are made before the clock matters: creation is not the server's cost
                threads.forEach(Thread::start);
                for (Thread thread : threads) {
                    thread.join();
                }
                while (bench.stored() < (long) perConnection * connections) {
                    LockSupport.parkNanos(100_000);
                }
                long nanos = System.nanoTime() - start;
                report(title + (round == 0 ? " (warm-up)" : ""), (long) perConnection * connections, nanos);
            }
        }
    }

    private static void push(CollectorClient client, boolean acked, int perMessage, List<Event> events) {
        try (EventPusher pusher = client.pusher(PushOptions.defaults(acked))) {
            List<CompletableFuture<Void>> window = new ArrayList<>();
            for (int i = 0; i < events.size(); i += perMessage) {
                CompletableFuture<Void> sent = perMessage == 1 ? pusher.push(events.get(i))
                        : pusher.push(events.subList(i, Math.min(events.size(), i + perMessage)));
                window.add(sent);
                if (window.size() == 4096) {
                    CompletableFuture.allOf(window.toArray(CompletableFuture[]::new)).join();
                    window.clear();
                }
            }
            CompletableFuture.allOf(window.toArray(CompletableFuture[]::new)).join();
        }
    }

    private static void find(int count) throws Exception {
        List<Event> events = events("f", 0, count);
        try (Bench bench = new Bench(new SortedListStore(events))) {
            for (int round = 0; round < 4; round++) {
                AtomicInteger received = new AtomicInteger();
                long start = System.nanoTime();
                long found = bench.client.find(EventQuery.all(), event -> received.incrementAndGet()).get();
                long nanos = System.nanoTime() - start;
                if (found != count) {
                    throw new IllegalStateException("found " + found + " of " + count);
                }
                report("/find streaming" + (round == 0 ? " (warm-up)" : ""), found, nanos);
            }
        }
    }

    /**
     * The same {@code count} events found on one collector ({@link CollectorClient#find}) and on two collectors
     * holding half each, merged by {@link CollectorGroup#find}: rounds alternate, so both see the same load.
     */
    private static void findMerged(int count) throws Exception {
        List<Event> events = events("m", 0, count);
        List<Event> even = new ArrayList<>();
        List<Event> odd = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            (i % 2 == 0 ? even : odd).add(events.get(i));
        }
        try (Bench single = new Bench(new SortedListStore(events));
                Bench first = new Bench(new SortedListStore(even));
                Bench second = new Bench(new SortedListStore(odd));
                CollectorGroup group = new CollectorGroup(List.of(first.server.uri(), second.server.uri()),
                        Duration.ofSeconds(10), ClientSecurity.NONE);
                CollectorGroup alone = new CollectorGroup(List.of(single.server.uri()), Duration.ofSeconds(10),
                        ClientSecurity.NONE)) {
            for (int round = 0; round < 4; round++) {
                String warmUp = round == 0 ? " (warm-up)" : "";
                long start = System.nanoTime();
                long found = single.client.find(EventQuery.all(), event -> { }).get();
                report("/find, 1 collector" + warmUp, found, System.nanoTime() - start);
                start = System.nanoTime();
                long merged = 0;
                try (MergedFind results = group.find(EventQuery.all(), MergeOptions.strict())) {
                    while (results.hasNext()) {
                        results.next();
                        merged++;
                    }
                }
                report("/find, 2 collectors merged (CollectorGroup)" + warmUp, merged, System.nanoTime() - start);
                start = System.nanoTime();
                long through = 0;
                try (MergedFind results = alone.find(EventQuery.all(), MergeOptions.strict())) {
                    while (results.hasNext()) {
                        results.next();
                        through++;
                    }
                }
                report("/find, 1 collector through CollectorGroup" + warmUp, through, System.nanoTime() - start);
                if (found != count || merged != count || through != count) {
                    throw new IllegalStateException("found " + found + " and " + merged + " of " + count);
                }
            }
        }
    }

    private static void live(int subscribers, int perSecond, Duration duration) throws Exception {
        try (Bench bench = new Bench(null)) {
            int total = (int) (perSecond * duration.toSeconds());
            long[][] latencies = new long[subscribers][total];
            AtomicInteger[] counts = new AtomicInteger[subscribers];
            List<LiveStream> streams = new ArrayList<>();
            for (int s = 0; s < subscribers; s++) {
                int subscriber = s;
                counts[s] = new AtomicInteger();
                streams.add(bench.client.live(EventQuery.all(), event -> {
                    long sent = Long.parseLong(event.source());
                    int n = counts[subscriber].getAndIncrement();
                    if (n < total) {
                        latencies[subscriber][n] = System.nanoTime() - sent;
                    }
                }));
            }
            try (EventPusher pusher = bench.client.pusher(PushOptions.defaults(false))) {
                long interval = 1_000_000_000L / perSecond;
                long next = System.nanoTime();
                for (int i = 0; i < total; i++) {
                    while (System.nanoTime() < next) {
                        LockSupport.parkNanos(20_000);
                    }
                    next += interval;
                    pusher.push(new Event("l" + i, Instant.ofEpochSecond(1_509_989_630L + i),
                            Long.toString(System.nanoTime()), List.of("bench"), CONTENT));
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (Arrays.stream(counts).anyMatch(count -> count.get() < total) && System.nanoTime() < deadline) {
                LockSupport.parkNanos(1_000_000);
            }
            streams.forEach(LiveStream::close);
            long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).filter(l -> l > 0).sorted()
                    .toArray();
            // the first second is warm-up
            long[] measured = Arrays.stream(latencies)
                    .flatMapToLong(row -> Arrays.stream(row, perSecond, total)).filter(l -> l > 0).sorted().toArray();
            System.out.printf("/live latency, %d subscribers, %d events/s for %s: %d of %d deliveries; "
                    + "after the first second p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms "
                    + "(all: p99 %.2f ms)%n", subscribers, perSecond, duration, all.length,
                    (long) total * subscribers, millis(measured, 0.50), millis(measured, 0.99),
                    millis(measured, 0.999), measured[measured.length - 1] / 1e6, millis(all, 0.99));
        }
    }

    private static double millis(long[] sorted, double quantile) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }

    private static List<Event> events(String prefix, int offset, int count) {
        List<Event> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            events.add(new Event(prefix + i, Instant.ofEpochSecond(1_509_989_630L + i, offset * 1000L),
                    "/var/log/nginx/access.log", List.of("web", "bench"), CONTENT));
        }
        return events;
    }

    private static void report(String title, long events, long nanos) {
        System.out.printf("%-60s %,10d events in %6.0f ms = %,9.0f events/s%n", title, events, nanos / 1e6,
                events * 1e9 / nanos);
    }

    /** A server on a free loopback port over a store (or none), and a client of it. */
    private static final class Bench implements AutoCloseable {
        final EventStore store;
        final IngestPipeline pipeline;
        final CollectorServer server;
        final CollectorClient client;
        private final LongAdder saved = new LongAdder();

        Bench(EventStore store) {
            this.store = store;
            LiveHub hub = new LiveHub();
            EventStore counting = store == null ? null : new CountingStore(store, saved);
            this.pipeline = new IngestPipeline(counting, hub, 4);
            this.server = CollectorServer.start(new ServerConfig("127.0.0.1", 0, null, null, null, true, null),
                    new ServerBackend(pipeline, Optional.ofNullable(counting), hub,
                            () -> HealthCheck.Health.up(Map.of()),
                            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)));
            this.client = new CollectorClient(server.uri(), Duration.ofSeconds(10));
        }

        long stored() {
            return saved.sum();
        }

        @Override
        public void close() {
            client.close();
            server.close();
            pipeline.close();
        }
    }
}
