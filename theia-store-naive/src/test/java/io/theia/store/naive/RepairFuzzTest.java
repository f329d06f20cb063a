package io.theia.store.naive;

import static org.assertj.core.api.Assertions.assertThat;

import io.theia.api.codec.EventHeader;
import io.theia.api.codec.EventWriter;
import io.theia.api.event.Event;
import io.theia.api.testkit.TestEvents;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Repair never forges: data files whose contents hold serialized events are cut at random places or get one random
 * byte changed, and every record the store recovers starts where a saved record started; no event of a client's
 * content comes back as an event, and no record the damage did not touch is lost. Seeded and bounded.
 */
class RepairFuzzTest {

    private static final String NAME = "1509989580-1509989639";
    private static final int ROUNDS = 400;

    @TempDir
    Path dir;

    @Test
    void truncationsAndSingleByteChangesNeverForgeAndLoseOnlyTheDamagedRecord() throws IOException {
        Random random = new Random(15_08);
        for (int round = 0; round < ROUNDS; round++) {
            List<Event> saved = new ArrayList<>();
            ByteArrayOutputStream file = new ByteArrayOutputStream();
            List<long[]> extents = new ArrayList<>();
            int count = 2 + random.nextInt(8);
            for (int i = 0; i < count; i++) {
                Event event = TestEvents.event("real-" + round + "-" + i, 1 + random.nextInt(8),
                        content(random, round, i), "t" + random.nextInt(3));
                saved.add(event);
                long start = file.size();
                file.writeBytes(EventWriter.toBytes(event));
                extents.add(new long[] {start, file.size()});
                file.write('\n');
            }
            byte[] bytes = file.toByteArray();
            String damage;
            long touchedFrom;
            long touchedTo;
            if (random.nextBoolean()) {
                int cut = 1 + random.nextInt(bytes.length - 1);
                bytes = java.util.Arrays.copyOf(bytes, cut);
                damage = "cut at " + cut;
                touchedFrom = cut;
                touchedTo = Long.MAX_VALUE;
            } else {
                int at = random.nextBoolean() ? random.nextInt(bytes.length)
                        : (int) Math.min(bytes.length - 1, extents.get(random.nextInt(count))[0] + random.nextInt(24));
                byte was = bytes[at];
                byte now;
                do {
                    now = (byte) (random.nextInt(4) == 0 ? "0123456789 \n:e".charAt(random.nextInt(14)) : random.nextInt(256));
                } while (now == was);
                bytes[at] = now;
                damage = "byte " + at + " changed from " + (was & 0xff) + " to " + (now & 0xff);
                touchedFrom = at;
                touchedTo = at + 1;
            }
            Path dataDir = dir.resolve("round-" + round);
            Path path = DataFiles.write(dataDir, NAME, bytes);

            Set<Long> starts = new HashSet<>();
            extents.forEach(extent -> starts.add(extent[0]));
            try (FileRegion region = FileRegion.open(path)) {
                RecordScanner scanner = new RecordScanner(region, 0, (from, to, cause) -> { });
                for (EventHeader header = scanner.next(); header != null; header = scanner.next()) {
                    assertThat(starts).as("round %d (%s): a record recovered at byte %d", round, damage,
                            header.offset()).contains(header.offset());
                }
            }

            Map<String, Event> byId = new HashMap<>();
            saved.forEach(event -> byId.put(event.id(), event));
            Set<String> untouched = new HashSet<>();
            for (int i = 0; i < count; i++) {
                long[] extent = extents.get(i);
                boolean before = extent[1] <= touchedFrom;
                boolean after = extent[0] >= touchedTo;
                if (before || after && touchedTo != Long.MAX_VALUE) {
                    untouched.add(saved.get(i).id());
                }
            }
            try (NaiveEventStore store = NaiveEventStore.open(NaiveStoreConfig.of(dataDir))) {
                List<Event> recovered = DataFiles.all(store);
                Set<String> ids = new HashSet<>();
                for (Event event : recovered) {
                    ids.add(event.id());
                    assertThat(event.id()).as("round %d (%s)", round, damage).doesNotContain("forged");
                    if (untouched.contains(event.id())) {
                        assertThat(event).as("round %d (%s)", round, damage).isEqualTo(byId.get(event.id()));
                    }
                }
                assertThat(ids).as("round %d (%s): records the damage did not touch", round, damage)
                        .containsAll(untouched);
            }
        }
    }

    /** A content that often holds serialized events, whole or with text around them. */
    private static String content(Random random, int round, int index) {
        StringBuilder content = new StringBuilder();
        int parts = random.nextInt(4);
        for (int p = 0; p < parts; p++) {
            Event forged = TestEvents.event("forged-" + round + "-" + index + "-" + p, 5, "evil " + p, "admin");
            String serialized = new String(EventWriter.toBytes(forged), StandardCharsets.UTF_8);
            switch (random.nextInt(4)) {
                case 0 -> content.append(serialized);
                case 1 -> content.append(serialized).append('\n');
                case 2 -> content.append("text before\n\n").append(serialized).append("\ntext after");
                default -> content.append("plain line ").append(p).append('\n');
            }
        }
        if (content.isEmpty() || random.nextBoolean()) {
            content.append("payload ").append(index);
        }
        return content.toString();
    }
}
