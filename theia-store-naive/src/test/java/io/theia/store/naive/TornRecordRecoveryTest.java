package io.theia.store.naive;

import static io.theia.store.naive.DataFiles.all;
import static io.theia.store.naive.DataFiles.ascii;
import static io.theia.store.naive.DataFiles.concat;
import static io.theia.store.naive.DataFiles.ids;
import static io.theia.store.naive.DataFiles.records;
import static io.theia.store.naive.DataFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.theia.api.event.Event;
import io.theia.api.testkit.TestEvents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Data files damaged by hand: the store opens, loses only the damaged record and keeps working. */
class TornRecordRecoveryTest {

    private static final String NAME = "1509989580-1509989639";

    @TempDir
    Path dataDir;

    private final Event first = TestEvents.event("first", 1, "one");
    private final Event second = TestEvents.richEvent("second", 2);
    private final Event third = TestEvents.event("third", 3, "three\nlines\n");

    @Test
    void recordCutInTheMiddleIsCutOffAndTheRestIsKept() throws IOException {
        byte[] whole = records(first, second, third);
        int cut = whole.length - 20;
        Path file = write(dataDir, NAME, Arrays.copyOf(whole, cut));

        try (NaiveEventStore store = open()) {
            assertThat(ids(all(store))).containsExactly("first", "second");
            assertThat(Files.size(file)).isEqualTo(records(first, second).length);
            store.save(TestEvents.event("after", 4, "x"));
        }
        try (NaiveEventStore store = open()) {
            assertThat(ids(all(store))).containsExactly("first", "second", "after");
            assertThat(store.get("second")).isEqualTo(second);
        }
    }

    @Test
    void cutInsideThePreambleOrRightAfterTheContent() throws IOException {
        byte[] two = records(first, second);
        write(dataDir, NAME, concat(two, ascii("event: 12")));
        try (NaiveEventStore store = open()) {
            assertThat(ids(all(store))).containsExactly("first", "second");
        }
        byte[] withoutSeparator = Arrays.copyOf(records(first, second), records(first, second).length - 1);
        write(dataDir, NAME, withoutSeparator);
        try (NaiveEventStore store = open()) {
            store.save(TestEvents.event("next", 5, "x"));
            assertThat(ids(all(store))).containsExactly("first", "second", "next");
        }
        assertThat(new String(Files.readAllBytes(dataDir.resolve(NAME)), java.nio.charset.StandardCharsets.UTF_8))
                .contains("door-gw\nDoor has been unlocked\r\nevent: 1 2 3\nline three ✓ 𝄞\n\n\nevent: ");
    }

    @Test
    void anEventInTheContentOfATornRecordDoesNotComeBackAsAnEvent() throws IOException {
        Event forged = TestEvents.event("forged", 9, "evil", "admin");
        Event carrier = TestEvents.event("carrier", 4, new String(records(forged), StandardCharsets.UTF_8)
                + "and more text after it");
        byte[] whole = records(first, carrier);
        Path file = write(dataDir, NAME, Arrays.copyOf(whole, whole.length - 10));

        try (NaiveEventStore store = open()) {
            assertThat(ids(all(store))).containsExactly("first");
        }
        assertThat(Files.size(file)).isEqualTo(records(first).length);
    }

    @Test
    void anEventInTheContentOfARecordWithADamagedSizeLineDoesNotComeBackAsAnEvent() throws IOException {
        Event forged = TestEvents.event("forged", 9, "evil", "admin");
        Event carrier = TestEvents.event("carrier", 4, "text before\n\n"
                + new String(records(forged), StandardCharsets.UTF_8) + "text after");
        byte[] damaged = records(carrier);
        String preamble = new String(damaged, 0, 20, StandardCharsets.UTF_8);
        int digit = preamble.indexOf(' ') + 1;
        for (byte replacement : ascii("9x \n")) {
            byte[] bytes = damaged.clone();
            bytes[digit] = bytes[digit] == replacement ? (byte) '1' : replacement;
            write(dataDir, NAME, concat(records(first), bytes, records(second)));

            try (NaiveEventStore store = open()) {
                assertThat(ids(all(store))).as("size line %s", new String(bytes, 0, 20, StandardCharsets.UTF_8))
                        .containsExactly("first", "second");
            }
            Files.delete(dataDir.resolve(".theia").resolve("catalog"));
        }
    }

    @Test
    void garbageAppendedIsCutOff() throws IOException {
        Path file = write(dataDir, NAME, concat(records(first, second), ascii("\u0000\u0001garbage, not an event")));

        try (NaiveEventStore store = open()) {
            assertThat(ids(all(store))).containsExactly("first", "second");
        }
        assertThat(Files.size(file)).isEqualTo(records(first, second).length);
    }

    @Test
    void badRecordInTheMiddleIsSkippedWithoutLosingLaterEvents() throws IOException {
        byte[] bad = ascii("event: 999 10 5\nid:broken\ntimestamp: 1509989631.0\nsource:/x\ntags:\nnot really\n\n");
        byte[] wrongSizes = ascii("event: 50 40 5\nid:sizes\n\n");
        write(dataDir, NAME, concat(records(first), bad, records(second), wrongSizes, records(third)));

        try (NaiveEventStore store = open()) {
            assertThat(ids(all(store))).containsExactly("first", "second", "third");
            assertThat(store.get("third")).isEqualTo(third);
            assertThat(store.get("second")).isEqualTo(second);
            assertThat(ids(DataFiles.search(store, io.theia.api.store.EventQuery.builder().content("lines").build())))
                    .containsExactly("third");
            assertThat(DataFiles.search(store, io.theia.api.store.EventQuery.builder().content("really").build()))
                    .isEmpty();
            assertThat(ids(DataFiles.search(store, io.theia.api.store.EventQuery.builder().content("n").build())))
                    .containsExactly("first", "second", "third");
            store.save(TestEvents.event("fourth", 4, "four"));
        }
        try (NaiveEventStore store = open()) {
            assertThat(ids(all(store))).containsExactly("first", "second", "third", "fourth");
            assertThat(ids(DataFiles.search(store, io.theia.api.store.EventQuery.builder()
                    .order(io.theia.api.store.EventQuery.Order.DESC).build())))
                    .containsExactly("fourth", "third", "second", "first");
        }
    }

    @Test
    void fileWithNothingReadableIsLeftAloneAndStillAcceptsEvents() throws IOException {
        byte[] junk = ascii("this is not a theia data file");
        Path file = write(dataDir, NAME, junk);

        try (NaiveEventStore store = open()) {
            assertThat(all(store)).isEmpty();
            store.save(TestEvents.event("new", 1, "x"));
        }
        try (NaiveEventStore store = open()) {
            assertThat(ids(all(store))).containsExactly("new");
        }
        assertThat(Arrays.copyOf(Files.readAllBytes(file), junk.length)).isEqualTo(junk);
    }

    @Test
    void strayTemporaryFilesAreRemoved() throws IOException {
        Path stray = write(dataDir.resolve(".theia").resolve("tmp"), NAME + ".rewrite", records(first));

        try (NaiveEventStore store = open()) {
            assertThat(all(store)).isEmpty();
        }
        assertThat(stray).doesNotExist();
    }

    private NaiveEventStore open() {
        return NaiveEventStore.open(NaiveStoreConfig.of(dataDir));
    }

}
