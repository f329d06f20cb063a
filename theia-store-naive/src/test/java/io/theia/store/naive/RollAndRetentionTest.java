package io.theia.store.naive;

import static io.theia.store.naive.DataFiles.all;
import static io.theia.store.naive.DataFiles.dataFileNames;
import static io.theia.store.naive.DataFiles.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.theia.api.codec.EventHeader;
import io.theia.api.codec.EventReader;
import io.theia.api.event.Event;
import io.theia.api.store.EventNotFoundException;
import io.theia.api.testkit.TestEvents;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Size rolls keep names that parse, never overlap and hold only their own seconds; retention removes files. */
class RollAndRetentionTest {

    @TempDir
    Path dataDir;

    @Test
    void sizeRollsSplitTheWindowIntoNonOverlappingNamesHoldingOnlyTheirSeconds() throws IOException {
        List<Event> events = new ArrayList<>();
        Random random = new Random(11);
        for (int i = 0; i < 600; i++) {
            long second = i / 10;
            if (i % 50 == 49) {
                second = random.nextInt(60);
            }
            events.add(TestEvents.event("e" + i, second, random.nextInt(1_000_000_000), "x".repeat(200)));
        }
        try (NaiveEventStore store = NaiveEventStore.open(
                new NaiveStoreConfig(dataDir, 60L, Duration.ofSeconds(1), 8L * 1024, null))) {
            events.forEach(store::save);
        }

        List<String> names = dataFileNames(dataDir);
        assertThat(names).hasSizeGreaterThan(5);
        List<long[]> ranges = new ArrayList<>();
        for (String name : names) {
            DataFileName parsed = DataFileName.parse(name);
            ranges.add(new long[] {parsed.start(), parsed.end()});
            for (EventHeader header : headers(dataDir.resolve(name))) {
                assertThat(parsed.holds(header.timestamp().getEpochSecond())).as("%s in %s", header.id(), name)
                        .isTrue();
            }
        }
        ranges.sort((a, b) -> Long.compare(a[0], b[0]));
        for (int i = 1; i < ranges.size(); i++) {
            assertThat(ranges.get(i)[0]).isGreaterThan(ranges.get(i - 1)[1]);
        }
        try (NaiveEventStore store = NaiveEventStore.open(NaiveStoreConfig.of(dataDir))) {
            assertThat(all(store)).containsExactlyInAnyOrderElementsOf(events);
        }
    }

    @Test
    void maxAgeRemovesWholeOldFiles() throws IOException {
        long base = TestEvents.BASE_SECOND;
        Clock early = Clock.fixed(Instant.ofEpochSecond(base - 7200), ZoneOffset.UTC);
        NaiveStoreConfig.Retention retention = new NaiveStoreConfig.Retention(Duration.ofHours(1), null);
        NaiveStoreConfig config = new NaiveStoreConfig(dataDir, 60L, null, null, retention);
        try (NaiveEventStore store = NaiveEventStore.open(config, early)) {
            store.save(TestEvents.event("old", -7200, "x"));
            store.save(TestEvents.event("recent", -60, "y"));
            store.save(TestEvents.event("now", 0, "z"));
        }
        assertThat(dataFileNames(dataDir)).hasSize(3);

        Clock later = Clock.fixed(Instant.ofEpochSecond(base + 1800), ZoneOffset.UTC);
        try (NaiveEventStore store = NaiveEventStore.open(config, later)) {
            assertThat(ids(all(store))).containsExactly("recent", "now");
            assertThatThrownBy(() -> store.get("old")).isInstanceOf(EventNotFoundException.class);
        }
        assertThat(dataFileNames(dataDir)).hasSize(2);
    }

    @Test
    void maxBytesRemovesTheOldestFilesAsNewOnesStart() throws IOException {
        NaiveStoreConfig config = new NaiveStoreConfig(dataDir, 10L, null, null,
                new NaiveStoreConfig.Retention(null, 20_000L));
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            events.add(TestEvents.event("e" + i, i * 10L, "y".repeat(900)));
        }
        Collections.shuffle(events, new Random(5));
        try (NaiveEventStore store = NaiveEventStore.open(config)) {
            store.saveAll(events.subList(0, 1));
            for (int i = 0; i < 100; i++) {
                store.save(TestEvents.event("in-order" + i, 2000 + i * 10L, "y".repeat(900)));
            }
            long total = 0;
            for (String name : dataFileNames(dataDir)) {
                total += Files.size(dataDir.resolve(name));
            }
            assertThat(total).isLessThanOrEqualTo(20_000L + 1000);
            assertThat(ids(all(store))).contains("in-order99").doesNotContain("in-order0");
        }
    }

    private static List<EventHeader> headers(Path file) throws IOException {
        List<EventHeader> headers = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file); EventReader reader = new EventReader(in)) {
            for (EventHeader header = reader.readHeader(); header != null; header = reader.readHeader()) {
                headers.add(header);
            }
        }
        return headers;
    }
}
