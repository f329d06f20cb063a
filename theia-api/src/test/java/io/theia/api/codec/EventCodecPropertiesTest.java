package io.theia.api.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.theia.api.event.Event;
import io.theia.api.event.Timestamps;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

/**
 * Generated events survive EventWriter then EventReader unchanged, however the bytes are delivered.
 *
 * <p>Each property runs a number of tries, each with its own generator derived from a fixed seed
 * ({@code -Dtheia.codec.seed} to change it); a failure names the seed and the try, so it reproduces.
 */
class EventCodecPropertiesTest {

    private static final long SEED = Long.getLong("theia.codec.seed", 0x7E1A_C0DEC_2017L);
    private static final long MAX_SECONDS = Timestamps.LATEST.getEpochSecond();
    private static final String[] LINE_BREAKS = {"\n", "\r", "\r\n", "\n\n", "\n\n\n"};
    /** Content that looks like the start of a record or a header line. */
    private static final String[] LOOKALIKES = {"event: 1 2 3", "event: 1 2 3\n",
        "\nevent: 18 17 1\nid:a\ntimestamp:1\nx\n", "id:x", "tags:a,b", "timestamp: 1.5", ":", "\uFFFD"};

    @Test
    void roundTripsThroughAStreamThatDeliversAFewBytesAtATime() {
        forAll(1000, random -> {
            Event event = event(random);
            byte[] bytes = EventWriter.toBytes(event);
            EventReader reader = new EventReader(
                    new ChunkedInputStream(bytes, 1 + random.nextInt(7), random.nextLong()));

            assertSameEvent(reader.read(), event);
            assertThat(reader.read()).isNull();
            assertThat(reader.offset()).isEqualTo(bytes.length);
        });
    }

    @Test
    void roundTripsThroughArraySlicesAndByteBuffers() {
        forAll(1000, random -> {
            Event event = event(random);
            int padding = random.nextInt(10);
            byte[] bytes = EventWriter.toBytes(event);
            byte[] padded = new byte[padding + bytes.length + padding];
            Arrays.fill(padded, (byte) 'e');
            System.arraycopy(bytes, 0, padded, padding, bytes.length);
            ByteBuffer heap = ByteBuffer.wrap(padded, padding, bytes.length);
            ByteBuffer direct = ByteBuffer.allocateDirect(padded.length).put(padded).position(padding)
                    .limit(padding + bytes.length);

            List<EventReader> readers = List.of(
                    EventReader.of(padded, padding, bytes.length),
                    EventReader.of(heap),
                    EventReader.of(heap.asReadOnlyBuffer()),
                    EventReader.of(direct),
                    EventReader.of(heap.slice(), 1 + bytes.length));

            for (EventReader reader : readers) {
                assertSameEvent(reader.read(), event);
                assertThat(reader.read()).isNull();
                assertThat(reader.offset()).isEqualTo(bytes.length);
            }
            assertThat(heap.position()).as("the buffer's position is not moved").isEqualTo(padding);
        });
    }

    @Test
    void writesSizesThatAreTheUtf8LengthsOfHeaderAndContent() {
        forAll(1000, random -> {
            Event event = event(random);
            byte[] bytes = EventWriter.toBytes(event);
            String text = new String(bytes, StandardCharsets.UTF_8);
            String preamble = text.substring(0, text.indexOf('\n'));
            String[] sizes = preamble.substring("event: ".length()).split(" ");
            int preambleBytes = preamble.length() + 1;
            int contentBytes = event.content().getBytes(StandardCharsets.UTF_8).length;

            assertThat(preamble).startsWith("event: ");
            assertThat(Integer.parseInt(sizes[2])).isEqualTo(contentBytes);
            assertThat(Integer.parseInt(sizes[0])).isEqualTo(bytes.length - preambleBytes - 1);
            assertThat(Integer.parseInt(sizes[1])).isEqualTo(bytes.length - preambleBytes - contentBytes - 1);
            assertThat(bytes[bytes.length - 1]).isEqualTo((byte) '\n');
        });
    }

    @Test
    void readsEventsBackToBackAndAsADataFileWithOffsetsOfEveryRecord() {
        forAll(300, random -> {
            List<Event> events = events(random);
            boolean dataFile = random.nextBoolean();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            EventWriter writer = new EventWriter();
            List<Long> starts = new ArrayList<>();
            List<Integer> lengths = new ArrayList<>();
            for (Event event : events) {
                starts.add((long) out.size());
                lengths.add(writer.write(event, out));
                if (dataFile) {
                    out.write('\n');
                }
            }
            byte[] bytes = out.toByteArray();

            for (EventReader reader : List.of(
                    new EventReader(new ChunkedInputStream(bytes, 1 + random.nextInt(7), random.nextLong())),
                    EventReader.of(bytes, 0, bytes.length))) {
                for (int i = 0; i < events.size(); i++) {
                    Event expected = events.get(i);
                    EventHeader header = reader.readHeader();
                    assertThat(header.offset()).as("offset of record %d", i).isEqualTo(starts.get(i));
                    assertThat(header.recordBytes()).as("bytes of record %d", i).isEqualTo(lengths.get(i));
                    assertThat(header.contentBytes())
                            .isEqualTo(expected.content().getBytes(StandardCharsets.UTF_8).length);
                    assertSameEvent(header.toEvent(reader.readContent()), expected);
                    assertThat(reader.offset()).isEqualTo(header.endOffset());
                }
                assertThat(reader.readHeader()).isNull();
                assertThat(reader.offset()).isEqualTo(bytes.length);
            }
        });
    }

    @Test
    void readingHeadersAndSkippingContentAgreesWithReadingWholeEvents() {
        forAll(300, random -> {
            List<Event> events = events(random);
            byte[] bytes = dataFile(events);
            EventReader whole = new EventReader(
                    new ChunkedInputStream(bytes, 1 + random.nextInt(7), random.nextLong()));
            EventReader headers = new EventReader(
                    new ChunkedInputStream(bytes, 1 + random.nextInt(7), random.nextLong()));

            for (int i = 0; i < events.size(); i++) {
                Event event = whole.read();
                EventHeader header = headers.readHeader();

                assertSameEvent(event, events.get(i));
                assertThat(header.id()).isEqualTo(event.id());
                assertThat(header.timestamp()).isEqualTo(event.timestamp());
                assertThat(header.source()).isEqualTo(event.source());
                assertThat(header.tags()).isEqualTo(event.tags());
                assertThat(new ArrayList<>(header.headers().entrySet()))
                        .isEqualTo(new ArrayList<>(event.headers().entrySet()));
                if (random.nextBoolean()) {
                    assertThat(headers.readContent()).isEqualTo(event.content());
                    assertThat(headers.offset()).isEqualTo(whole.offset());
                }
            }
            assertThat(whole.read()).isNull();
            assertThat(headers.readHeader()).isNull();
            assertThat(headers.offset()).isEqualTo(whole.offset()).isEqualTo(bytes.length);
        });
    }

    @Test
    void readsTimestampsWithZeroToNineFractionDigitsExactly() {
        forAll(1000, random -> {
            long seconds = seconds(random);
            int digits = random.nextInt(10);
            long fraction = random.nextLong(pow10(digits));
            String fractionText = digits == 0 ? (random.nextBoolean() ? "." : "")
                    : "." + String.format("%0" + digits + "d", fraction);
            String header = "id:t\ntimestamp:" + " ".repeat(random.nextInt(4)) + seconds + fractionText
                    + " ".repeat(random.nextInt(4)) + "\n";
            int headerBytes = header.length();
            byte[] record = ("event: " + headerBytes + " " + headerBytes + " 0\n" + header + "\n")
                    .getBytes(StandardCharsets.US_ASCII);

            Event event = EventReader.of(record, 0, record.length).read();

            assertThat(event.timestamp()).as(header)
                    .isEqualTo(Instant.ofEpochSecond(seconds, fraction * pow10(9 - digits)));
        });
    }

    // --- running a property ---

    /** One try of a property, with its own generator. */
    private interface Try {
        void run(SplittableRandom random) throws IOException;
    }

    private static void forAll(int tries, Try property) {
        for (int i = 0; i < tries; i++) {
            try {
                property.run(new SplittableRandom(SEED + 0x9E3779B97F4A7C15L * i));
            } catch (IOException | RuntimeException | AssertionError e) {
                throw new AssertionError("try " + i + " of seed " + SEED + " (-Dtheia.codec.seed=" + SEED
                        + ") failed: " + e.getMessage(), e);
            }
        }
    }

    // --- generators ---

    private static List<Event> events(SplittableRandom random) {
        List<Event> events = new ArrayList<>();
        for (int count = random.nextInt(13); count > 0; count--) {
            events.add(event(random));
        }
        return events;
    }

    private static Event event(SplittableRandom random) {
        String id = random.nextInt(5) < 3 ? new UUID(random.nextLong(), random.nextLong()).toString()
                : singleLine(random, 1, 40);
        if (id.isBlank()) {
            id = "x" + id;
        }
        return new Event(id, timestamp(random), singleLine(random, 0, 60), tags(random), content(random),
                extraHeaders(random));
    }

    private static long seconds(SplittableRandom random) {
        int kind = random.nextInt(9);
        if (kind < 6) {
            return random.nextLong(1_000_000_000L, 4_000_000_001L);
        }
        if (kind < 8) {
            return random.nextLong(MAX_SECONDS + 1);
        }
        return new long[] {0, 1, MAX_SECONDS}[random.nextInt(3)];
    }

    /** A timestamp whose fraction has 0 to 9 significant digits, so both the 7- and the 9-digit forms occur. */
    private static Instant timestamp(SplittableRandom random) {
        int digits = random.nextInt(10);
        long nanos = random.nextLong(pow10(digits)) * pow10(9 - digits);
        return Instant.ofEpochSecond(seconds(random), nanos);
    }

    private static List<String> tags(SplittableRandom random) {
        int count = random.nextInt(5) == 0 ? random.nextInt(20, 61) : random.nextInt(6);
        List<String> tags = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            tags.add(text(random, 1, 12, c -> c != ','));
        }
        return tags;
    }

    /** Empty now and then; otherwise fragments of text, line breaks and things that look like records. */
    private static String content(SplittableRandom random) {
        if (random.nextInt(10) == 0) {
            return "";
        }
        StringBuilder content = new StringBuilder();
        for (int count = random.nextInt(13); count > 0; count--) {
            int kind = random.nextInt(241);
            if (kind < 120) {
                content.append(singleLine(random, 0, 30));
            } else if (kind < 180) {
                content.append(LINE_BREAKS[random.nextInt(LINE_BREAKS.length)]);
            } else if (kind < 240) {
                content.append(LOOKALIKES[random.nextInt(LOOKALIKES.length)]);
            } else {
                // 9 000 to 72 000 chars: larger than the reader's first buffer.
                content.append(singleLine(random, 1, 8).repeat(9000));
            }
        }
        return content.toString();
    }

    private static Map<String, String> extraHeaders(SplittableRandom random) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int count = random.nextInt(7); count > 0; count--) {
            String name = text(random, 1, 15, c -> c != ':');
            if (!Event.RESERVED_HEADERS.contains(name)) {
                headers.put(name, singleLine(random, 0, 30));
            }
        }
        return headers;
    }

    private static String singleLine(SplittableRandom random, int minLength, int maxLength) {
        return text(random, minLength, maxLength, c -> true);
    }

    private static String text(SplittableRandom random, int minLength, int maxLength, IntPredicate allowed) {
        StringBuilder text = new StringBuilder();
        for (int length = random.nextInt(minLength, maxLength + 1); length > 0; ) {
            int codePoint = codePoint(random);
            if (allowed.test(codePoint)) {
                text.appendCodePoint(codePoint);
                length--;
            }
        }
        return text.toString();
    }

    /** A code point that can appear on a single line: mostly ASCII, also two-, three- and four-byte UTF-8. */
    private static int codePoint(SplittableRandom random) {
        int kind = random.nextInt(18);
        if (kind < 10) {
            return random.nextInt(0x20, 0x7f);
        } else if (kind < 12) {
            return random.nextInt(0xa0, 0x800);
        } else if (kind < 14) {
            return random.nextInt(0x800, 0xd800);
        } else if (kind < 15) {
            return random.nextInt(0xe000, 0xfffe);
        } else if (kind < 17) {
            return random.nextInt(0x10000, 0x110000);
        }
        int[] odd = {0x00, 0x09, 0x0b, 0x0c, 0x7f, 0x85, 0x2028, 0x2029, 0xfeff};
        return odd[random.nextInt(odd.length)];
    }

    // --- helpers ---

    private static void assertSameEvent(Event actual, Event expected) {
        assertThat(actual).isEqualTo(expected);
        assertThat(new ArrayList<>(actual.headers().entrySet())).as("header order")
                .isEqualTo(new ArrayList<>(expected.headers().entrySet()));
    }

    private static byte[] dataFile(List<Event> events) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EventWriter writer = new EventWriter();
        for (Event event : events) {
            writer.write(event, out);
            out.write('\n');
        }
        return out.toByteArray();
    }

    private static long pow10(int exponent) {
        long value = 1;
        for (int i = 0; i < exponent; i++) {
            value *= 10;
        }
        return value;
    }
}
