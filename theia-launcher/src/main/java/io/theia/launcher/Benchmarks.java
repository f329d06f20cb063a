package io.theia.launcher;

import io.theia.api.codec.EventWriter;
import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import io.theia.core.internal.client.CollectorClient;
import io.theia.core.internal.client.EventPusher;
import io.theia.core.internal.client.LiveListener;
import io.theia.core.internal.client.LiveStream;
import io.theia.core.internal.client.PushOptions;
import io.theia.core.internal.security.CryptoProviders;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/** The measurements of {@code theia bench}, each against a collector through the client library. */
final class Benchmarks {

    private final CollectorClient client;
    private final Progress progress;
    private final String content;
    private final String runId = Long.toString(System.nanoTime(), 36);

    Benchmarks(CollectorClient client, Progress progress, int eventSize) {
        this.client = client;
        this.progress = progress;
        this.content = "x".repeat(Math.max(1, eventSize));
    }

    /** Pushes {@code count} events over {@code connections} connections, {@code batch} per message, acknowledged. */
    BenchResult ingest(int count, int connections, int batch) throws Exception {
        int perConnection = count / connections;
        AtomicLong sent = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        long started = System.nanoTime();
        try {
            List<Future<?>> pushers = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                int connection = c;
                pushers.add(pool.submit(() -> {
                    push(connection, perConnection, batch, sent, bytes, count);
                    return null;
                }));
            }
            for (Future<?> pusher : pushers) {
                pusher.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return new BenchResult("ingest", sent.get(), seconds, bytes.get(), -1, -1,
                connections + " connections, " + batch + " events/message, acknowledged"
                        + ("wss".equals(client.uri().getScheme()) ? ", TLS (" + CryptoProviders.current() + ")" : ""));
    }

    private void push(int connection, int events, int batch, AtomicLong sent, AtomicLong bytes, int total) {
        EventWriter writer = new EventWriter();
        try (EventPusher pusher = client.pusher(PushOptions.defaults(true))) {
            List<CompletableFuture<Void>> pending = new ArrayList<>();
            for (int i = 0; i < events; i += batch) {
                List<Event> messages = new ArrayList<>(batch);
                for (int j = i; j < Math.min(events, i + batch); j++) {
                    messages.add(event("/bench/" + connection, List.of("bench", runId)));
                }
                // every event of a message has the same shape: one encoding gives the message's size
                bytes.addAndGet((long) writer.encodeToArray(messages.get(0)).length * messages.size());
                pending.add(pusher.push(messages));
                if (pending.size() >= 64) {
                    CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
                    pending.clear();
                }
                progress.update("ingest", sent.addAndGet(messages.size()), total);
            }
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        }
    }

    /**
     * A new event (ingest and live) with a random UUID drawn from a fast, non-cryptographic generator: the load
     * generator's own cost ({@link Event#create} draws on {@code SecureRandom}, 15 % of the pushers' time) stays out
     * of the figure.
     */
    private Event event(String source, List<String> tags) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long most = (random.nextLong() & ~0xF000L) | 0x4000L;
        long least = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new Event(new UUID(most, least).toString(), Instant.now().truncatedTo(ChronoUnit.MICROS), source, tags,
                content);
    }

    /** Streams every event of this run's ingest back with {@code /find}. */
    BenchResult find() throws Exception {
        AtomicLong found = new AtomicLong();
        long started = System.nanoTime();
        long count = client.find(EventQuery.builder().tags("bench", runId).build(),
                event -> found.incrementAndGet()).get();
        double seconds = (System.nanoTime() - started) / 1e9;
        return new BenchResult("find", count, seconds, 0, -1, -1, "all events of this run's ingest");
    }

    /** Delivery latency to {@code subscribers} live subscribers while pushing {@code rate} events a second. */
    BenchResult live(int subscribers, int rate, Duration duration) throws Exception {
        String liveTag = "live-" + runId;
        int total = (int) (rate * duration.toMillis() / 1000);
        long[][] latencies = new long[subscribers][total];
        AtomicIntegerArray received = new AtomicIntegerArray(subscribers);
        AtomicLong dropped = new AtomicLong();
        List<LiveStream> streams = new ArrayList<>();
        try {
            for (int s = 0; s < subscribers; s++) {
                int subscriber = s;
                streams.add(client.live(EventQuery.builder().tags(liveTag).build(), new LiveListener() {
                    @Override
                    public void onEvent(Event event) {
                        Instant now = Instant.now();
                        Duration latency = Duration.between(event.timestamp(), now);
                        int index = received.get(subscriber);
                        if (index < total) {
                            latencies[subscriber][index] = latency.toNanos();
                            received.set(subscriber, index + 1);
                        }
                    }

                    @Override
                    public void onDropped(long count) {
                        dropped.addAndGet(count);
                    }
                }));
            }
            pushPaced(liveTag, total, rate);
            waitForDeliveries(received, total, dropped);
        } finally {
            streams.forEach(LiveStream::close);
        }
        long[] all = Arrays.stream(latencies).flatMapToLong(row -> Arrays.stream(row).limit(total)).filter(n -> n > 0)
                .sorted().toArray();
        double p50 = all.length == 0 ? -1 : all[all.length / 2] / 1e6;
        double p99 = all.length == 0 ? -1 : all[(int) Math.min(all.length - 1, Math.ceil(all.length * 0.99) - 1)] / 1e6;
        return new BenchResult("live", all.length, duration.toMillis() / 1000.0, 0, p50, p99,
                subscribers + " subscribers at " + rate + " events/s, " + dropped.get() + " dropped");
    }

    private void pushPaced(String tag, int total, int rate) {
        long interval = 1_000_000_000L / rate;
        try (EventPusher pusher = client.pusher(PushOptions.defaults(false))) {
            long started = System.nanoTime();
            for (int i = 0; i < total; i++) {
                LockSupport.parkNanos(started + i * interval - System.nanoTime());
                pusher.push(event("/bench/live", List.of(tag)));
                progress.update("live", i + 1, total);
            }
        }
    }

    private static void waitForDeliveries(AtomicIntegerArray received, int total, AtomicLong dropped) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            long arrived = 0;
            for (int i = 0; i < received.length(); i++) {
                arrived += received.get(i);
            }
            if (arrived + dropped.get() >= (long) total * received.length()) {
                return;
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }
}
