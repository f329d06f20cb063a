package io.theia.store.naive;

import static io.theia.store.naive.DataFiles.search;
import static org.assertj.core.api.Assertions.assertThat;

import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import io.theia.api.store.EventQuery.Order;
import io.theia.api.testkit.InMemoryEventStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files whose events arrived out of order are searched in exact timestamp order both ways: a small file (decoded
 * whole and sorted in memory) and a file of more than 4 MiB (read in two passes), with ties kept in file order.
 */
class OutOfOrderFilesTest {

    private static final long T0 = 1_700_000_040L;
    private static final String PADDING = "x".repeat(200);

    @TempDir
    Path dataDir;

    @Test
    void smallAndLargeOutOfOrderFilesAreSearchedInExactOrder() throws IOException {
        Random random = new Random(11);
        List<Event> saved = new ArrayList<>();
        saved.addAll(shuffledWindow(random, "small", T0, 2_000));
        saved.addAll(shuffledWindow(random, "large", T0 + 60, 18_000));
        Map<String, Integer> savingOrder = new HashMap<>();
        for (int i = 0; i < saved.size(); i++) {
            savingOrder.put(saved.get(i).id(), i);
        }
        InMemoryEventStore reference = new InMemoryEventStore();
        reference.saveAll(saved);

        try (NaiveEventStore store = NaiveEventStore.open(NaiveStoreConfig.of(dataDir))) {
            for (int from = 0; from < saved.size(); from += 1000) {
                store.saveAll(saved.subList(from, Math.min(saved.size(), from + 1000)));
            }
            List<Long> sizes = new ArrayList<>();
            for (String name : DataFiles.dataFileNames(dataDir)) {
                sizes.add(Files.size(dataDir.resolve(name)));
            }
            assertThat(sizes).hasSize(2).anyMatch(size -> size < 4L << 20).anyMatch(size -> size > 4L << 20);

            for (int q = 0; q < 40; q++) {
                EventQuery query = randomQuery(random);
                List<Event> expected = expected(reference, query, savingOrder);

                assertThat(search(store, query)).as("%s", query).containsExactlyElementsOf(expected);
            }
        }
    }

    /**
     * What the store must return: the reference's matches in timestamp order with equal timestamps in saving
     * order (the order in the file), all of it reversed for a descending search, then limited.
     */
    private static List<Event> expected(InMemoryEventStore reference, EventQuery query,
            Map<String, Integer> savingOrder) {
        List<Event> matches = new ArrayList<>(search(reference, query.toBuilder().limit(Long.MAX_VALUE).build()));
        Comparator<Event> order = Comparator.comparing(Event::timestamp)
                .thenComparing(event -> savingOrder.get(event.id()));
        matches.sort(query.order() == Order.ASC ? order : order.reversed());
        return matches.subList(0, (int) Math.min(matches.size(), query.limit()));
    }

    /** Events of one minute-long window, with many equal timestamps, in random order. */
    private static List<Event> shuffledWindow(Random random, String name, long start, int count) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Instant timestamp = Instant.ofEpochSecond(start + random.nextInt(60), random.nextInt(50) * 1000);
            events.add(new Event(name + "-" + i, timestamp, "/var/log/" + name, List.of("t" + (i % 3)),
                    (i % 7 == 0 ? "ERROR " : "INFO ") + name + " " + i + " " + PADDING));
        }
        Collections.shuffle(events, random);
        return events;
    }

    private static EventQuery randomQuery(Random random) {
        EventQuery.Builder builder = EventQuery.builder();
        if (random.nextBoolean()) {
            long from = T0 - 10 + random.nextInt(130);
            builder.start(Instant.ofEpochSecond(from)).end(Instant.ofEpochSecond(from + random.nextInt(40)));
        }
        switch (random.nextInt(4)) {
            case 0 -> builder.content("ERROR large [0-9]*1 ");
            case 1 -> builder.content("ERROR (small|large) [0-9]*1 ");
            default -> { }
        }
        if (random.nextInt(4) == 0) {
            builder.tags("t1");
        }
        if (random.nextInt(5) == 0) {
            builder.limit(1 + random.nextInt(3000));
        }
        return builder.order(random.nextBoolean() ? Order.ASC : Order.DESC).build();
    }
}
