package io.theia.store.naive;

import static io.theia.api.testkit.TestEvents.event;
import static io.theia.api.testkit.TestEvents.richEvent;
import static org.assertj.core.api.Assertions.assertThat;

import io.theia.api.codec.EventWriter;
import io.theia.api.event.Event;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Records back to back with their separators; the first duplicate id found even when distinct ids collide. */
class EncodedBatchTest {

    @Test
    void recordsAreBackToBackEachWithItsSeparator() {
        List<Event> events = List.of(event("a", 1, "one"), richEvent("b", 2), event("c", 3, ""));
        EncodedBatch batch = new EncodedBatch();

        batch.encode(events, Integer.MAX_VALUE);

        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int i = 0; i < events.size(); i++) {
            byte[] record = EventWriter.toBytes(events.get(i));
            assertThat(batch.start(i)).isEqualTo(expected.size());
            assertThat(batch.recordLength(i)).isEqualTo(record.length + 1);
            assertThat(batch.hashes()[i]).isEqualTo(IdIndex.hash(events.get(i).id()));
            expected.writeBytes(record);
            expected.write('\n');
        }
        assertThat(batch.size()).isEqualTo(3);
        assertThat(Arrays.copyOf(batch.bytes(), batch.start(3))).isEqualTo(expected.toByteArray());
        assertThat(batch.firstDuplicate()).isEqualTo(-1);
        assertThat(batch.firstTooLarge()).isEqualTo(-1);
    }

    @Test
    void aSmallerBatchReplacesTheLargerOneBefore() {
        EncodedBatch batch = new EncodedBatch();
        batch.encode(List.of(event("a", 1, "one"), event("b", 2, "two"), event("b", 3, "three")), Integer.MAX_VALUE);

        batch.encode(List.of(event("c", 4, "four")), Integer.MAX_VALUE);

        assertThat(batch.size()).isEqualTo(1);
        assertThat(Arrays.copyOf(batch.bytes(), batch.start(1)))
                .isEqualTo((new String(EventWriter.toBytes(event("c", 4, "four"))) + "\n").getBytes());
        assertThat(batch.firstDuplicate()).isEqualTo(-1);
    }

    @Test
    void findsTheFirstRepeatedIdInALargeBatch() {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            events.add(event("e" + i, i, "x"));
        }
        events.add(event("e4321", 1, "again"));
        events.add(event("e17", 1, "again"));
        EncodedBatch batch = new EncodedBatch();

        batch.encode(events, Integer.MAX_VALUE);

        assertThat(batch.firstDuplicate()).isEqualTo(5000);
    }

    @Test
    void distinctIdsWithEqualHashesAreNoDuplicate() {
        List<Event> events = List.of(event("a", 1, "x"), event("b", 1, "x"), event("c", 1, "x"));
        long[] colliding = {42, 42, 42};

        assertThat(EncodedBatch.firstDuplicate(events, colliding)).isEqualTo(-1);
    }

    @Test
    void aRepeatedIdIsFoundAmongCollidingHashes() {
        List<Event> events = List.of(event("a", 1, "x"), event("b", 1, "x"), event("c", 1, "x"), event("b", 2, "y"),
                event("a", 2, "y"));
        long[] colliding = {7, 7, 7, 7, 7};

        assertThat(EncodedBatch.firstDuplicate(events, colliding)).isEqualTo(3);
    }

    @Test
    void notesTheFirstEventLargerThanTheLimit() {
        List<Event> events = List.of(event("a", 1, "x"), event("b", 1, "x".repeat(200)), event("c", 1, "y".repeat(300)));
        EncodedBatch batch = new EncodedBatch();

        batch.encode(events, 150);

        assertThat(batch.firstTooLarge()).isEqualTo(1);
    }

    @Test
    void dropsRecordsLargerThanItKeepsAfterUse() {
        EncodedBatch batch = new EncodedBatch();
        batch.encode(List.of(event("big", 1, "x".repeat(EncodedBatch.MAX_RETAINED_BYTES + 1))), Integer.MAX_VALUE);
        assertThat(batch.bytes().length).isGreaterThan(EncodedBatch.MAX_RETAINED_BYTES);

        batch.trim();

        assertThat(batch.bytes().length).isZero();
        batch.encode(List.of(event("small", 1, "x")), Integer.MAX_VALUE);
        assertThat(batch.recordLength(0)).isEqualTo(EventWriter.toBytes(event("small", 1, "x")).length + 1);
    }
}
