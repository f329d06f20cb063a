package io.theia.store.naive;

import static io.theia.store.naive.DataFiles.ascii;
import static io.theia.store.naive.DataFiles.concat;
import static io.theia.store.naive.DataFiles.ids;
import static io.theia.store.naive.DataFiles.records;
import static io.theia.store.naive.DataFiles.search;
import static io.theia.store.naive.DataFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import io.theia.api.store.EventQuery.Order;
import io.theia.api.testkit.InMemoryEventStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data directories in the original theia's layout (docs/formats.md section 3): windows that start at the first
 * event's second and drift, overlapping names, late events outside their file's name range, {@code tags:} with
 * nothing after it. Every query finds exactly what a brute-force filter over all events finds.
 */
class OriginalLayoutTest {

    private static final long T0 = 1_509_989_630L;

    @TempDir
    Path dataDir;

    @Test
    void driftingOverlappingWindowsWithLateEventsAreSearchedCompletely() throws IOException {
        Random random = new Random(3);
        List<Event> everything = new ArrayList<>();
        long fileStart = T0;
        for (int f = 0; f < 12; f++) {
            List<Event> inFile = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                long second = fileStart + random.nextInt(60);
                if (i % 10 == 9) {
                    second = fileStart - 30 - random.nextInt(200);
                }
                inFile.add(event("f" + f + "-" + i, second, random.nextInt(10_000_000) * 100,
                        random.nextBoolean() ? List.of() : List.of("web", "t" + (i % 3))));
            }
            everything.addAll(inFile);
            write(dataDir, fileStart + "-" + (fileStart + 60), records(inFile.toArray(Event[]::new)));
            fileStart += 45 + random.nextInt(30);
        }
        InMemoryEventStore reference = new InMemoryEventStore();
        reference.saveAll(everything);

        try (NaiveEventStore store = NaiveEventStore.open(NaiveStoreConfig.of(dataDir))) {
            for (int q = 0; q < 200; q++) {
                EventQuery query = randomQuery(random, fileStart);
                assertThat(ids(search(store, query))).as("%s", query)
                        .containsExactlyElementsOf(sameOrderIds(search(reference, query), search(store, query)));
                assertThat(search(store, query)).as("%s", query)
                        .containsExactlyInAnyOrderElementsOf(search(reference, query));
            }
            Event late = everything.get(9);
            assertThat(store.get(late.id())).isEqualTo(late);
        }
    }

    @Test
    void emptyTagsLineMeansNoTagsAndLooseTimestampsAreRead() throws IOException {
        String header = "id:loose\ntimestamp:1509989631.5\nsource:/dev/x\ntags:\n";
        String content = "hello";
        byte[] loose = ascii("event: " + (header.length() + content.length()) + " " + header.length() + " "
                + content.length() + "\n" + header + content + "\n\n");
        write(dataDir, T0 + "-" + (T0 + 60), concat(loose,
                ascii("event: 155 133 22\nid:331c531d-6eb4-4fb5-84d3-ea6937b01fdd\ntimestamp: 1509989630.6749051\n"
                        + "source:/dev/sensors/door1-sensor\ntags:sensors,home,doors,door1\nDoor has been unlocked\n\n")));

        try (NaiveEventStore store = NaiveEventStore.open(NaiveStoreConfig.of(dataDir))) {
            assertThat(store.get("loose").tags()).isEmpty();
            assertThat(store.get("loose").timestamp()).isEqualTo(Instant.ofEpochSecond(T0 + 1, 500_000_000));
            assertThat(store.get("331c531d-6eb4-4fb5-84d3-ea6937b01fdd").tags())
                    .containsExactly("sensors", "home", "doors", "door1");
            assertThat(ids(search(store, EventQuery.all())))
                    .containsExactly("331c531d-6eb4-4fb5-84d3-ea6937b01fdd", "loose");
        }
    }

    @Test
    void javaStoreWritesIntoAnOriginalDirectoryWithoutBreakingIt() throws IOException {
        write(dataDir, T0 + "-" + (T0 + 60), records(event("old", T0 + 70, 0, List.of())));
        try (NaiveEventStore store = NaiveEventStore.open(NaiveStoreConfig.of(dataDir))) {
            store.save(event("new", T0 + 5, 0, List.of("x")));
            store.save(event("newer", T0 + 200, 0, List.of("x")));
            assertThat(ids(search(store, EventQuery.all()))).containsExactly("new", "old", "newer");
        }
        for (String name : DataFiles.dataFileNames(dataDir)) {
            String text = Files.readString(dataDir.resolve(name), StandardCharsets.UTF_8);
            assertThat(text).startsWith("event: ").endsWith("\n\n");
        }
        try (NaiveEventStore store = NaiveEventStore.open(NaiveStoreConfig.of(dataDir))) {
            assertThat(ids(search(store, EventQuery.builder().order(Order.DESC).build())))
                    .containsExactly("newer", "old", "new");
        }
    }

    /** The reference's ids, with runs of equal timestamps put in the store's order (ties are unordered). */
    private static List<String> sameOrderIds(List<Event> reference, List<Event> actual) {
        List<String> result = new ArrayList<>(ids(reference));
        if (reference.size() == actual.size()) {
            for (int i = 0; i < reference.size(); i++) {
                if (reference.get(i).timestamp().equals(actual.get(i).timestamp())) {
                    result.set(i, actual.get(i).id());
                }
            }
        }
        return result;
    }

    private static EventQuery randomQuery(Random random, long last) {
        EventQuery.Builder builder = EventQuery.builder();
        long a = T0 - 300 + random.nextInt((int) (last - T0 + 400));
        long b = a + random.nextInt(300);
        if (random.nextInt(4) > 0) {
            builder.start(Instant.ofEpochSecond(a, random.nextInt(1_000_000_000)));
        }
        if (random.nextInt(4) > 0) {
            builder.end(Instant.ofEpochSecond(b, random.nextInt(1_000_000_000)));
        }
        if (random.nextInt(5) == 0) {
            builder.tags("web", "t1");
        }
        if (random.nextInt(5) == 0) {
            builder.content("f1[0-9]?-");
        }
        if (random.nextInt(6) == 0) {
            builder.limit(1 + random.nextInt(20));
        }
        return builder.order(random.nextBoolean() ? Order.ASC : Order.DESC).build();
    }

    private static Event event(String id, long second, int nanos, List<String> tags) {
        return new Event(id, Instant.ofEpochSecond(second, nanos), "/var/log/" + id, tags, "content of " + id + "-");
    }
}
