package io.theia.store.naive;

import static org.assertj.core.api.Assertions.assertThat;

import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import io.theia.api.store.EventQuery.Order;
import io.theia.api.testkit.TestEvents;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * 8 writers and 4 readers for a few seconds: nothing lost, duplicated or out of order; every event whose save
 * returned is visible to the readers at once (strict consistency).
 */
class ConcurrencyTest {

    private static final int WRITERS = 8;
    private static final int READERS = 4;

    @TempDir
    Path dataDir;

    @ParameterizedTest(name = "flushInterval {0} ms")
    @ValueSource(longs = {0, 200})
    void writersAndReadersTogether(long flushMillis) throws Exception {
        long runNanos = Duration.ofMillis(2500).toNanos();
        Set<String> saved = ConcurrentHashMap.newKeySet();
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + READERS);
        try (NaiveEventStore store = NaiveEventStore.open(new NaiveStoreConfig(dataDir, 5L,
                Duration.ofMillis(flushMillis), 32L * 1024, null))) {
            long deadline = System.nanoTime() + runNanos;
            List<Future<?>> tasks = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                tasks.add(pool.submit(() -> {
                    Random random = new Random(writer);
                    for (int n = 0; System.nanoTime() < deadline; n++) {
                        List<Event> batch = new ArrayList<>();
                        for (int i = 0, size = 1 + random.nextInt(3); i < size; i++) {
                            batch.add(TestEvents.event("w" + writer + "-" + n + "-" + i, random.nextInt(120),
                                    random.nextInt(1_000_000_000), "writer " + writer + " " + n, "w" + writer));
                        }
                        store.saveAll(batch);
                        batch.forEach(event -> saved.add(event.id()));
                    }
                    return null;
                }));
            }
            for (int r = 0; r < READERS; r++) {
                int reader = r;
                tasks.add(pool.submit(() -> {
                    Random random = new Random(100 + reader);
                    while (System.nanoTime() < deadline) {
                        List<String> before = new ArrayList<>(saved);
                        for (int i = 0; i < 5 && !before.isEmpty(); i++) {
                            String id = before.get(random.nextInt(before.size()));
                            if (!store.get(id).id().equals(id)) {
                                problems.add("get(" + id + ") returned another event");
                            }
                        }
                        Order order = reader % 2 == 0 ? Order.ASC : Order.DESC;
                        EventQuery.Builder query = EventQuery.builder().order(order);
                        if (reader >= 2) {
                            long start = TestEvents.BASE_SECOND + random.nextInt(100);
                            query.start(Instant.ofEpochSecond(start)).end(Instant.ofEpochSecond(start + 20));
                        }
                        EventQuery built = query.build();
                        List<Event> found = DataFiles.search(store, built);
                        check(found, order, problems);
                        Set<String> foundIds = new HashSet<>(DataFiles.ids(found));
                        if (reader < 2 && !foundIds.containsAll(before)) {
                            problems.add("a search missed an event whose save had returned");
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> task : tasks) {
                task.get();
            }

            assertThat(problems).isEmpty();
            List<Event> all = DataFiles.all(store);
            check(all, Order.ASC, problems);
            assertThat(problems).isEmpty();
            assertThat(new HashSet<>(DataFiles.ids(all))).isEqualTo(saved);
            assertThat(saved).hasSizeGreaterThan(WRITERS * 20);
        } finally {
            pool.shutdownNow();
        }
        try (NaiveEventStore store = NaiveEventStore.open(NaiveStoreConfig.of(dataDir))) {
            assertThat(new HashSet<>(DataFiles.ids(DataFiles.all(store)))).isEqualTo(saved);
        }
    }

    private static void check(List<Event> events, Order order, ConcurrentLinkedQueue<String> problems) {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < events.size(); i++) {
            if (!ids.add(events.get(i).id())) {
                problems.add("duplicate " + events.get(i).id());
            }
            if (i > 0) {
                int cmp = events.get(i - 1).timestamp().compareTo(events.get(i).timestamp());
                if (order == Order.ASC ? cmp > 0 : cmp < 0) {
                    problems.add("out of " + order + " order at " + i);
                }
            }
        }
    }
}
