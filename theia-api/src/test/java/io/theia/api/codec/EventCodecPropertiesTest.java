package io.theia.api.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.theia.api.event.Event;
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
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Generated events survive EventWriter then EventReader unchanged, however the bytes are delivered. */
class EventCodecPropertiesTest {

    private static final long MAX_SECONDS = Instant.MAX.getEpochSecond();

    @Property
    void roundTripsThroughAStreamThatDeliversAFewBytesAtATime(
            @ForAll("events") Event event, @ForAll @IntRange(min = 1, max = 7) int maxChunk, @ForAll long seed)
            throws IOException {
        byte[] bytes = EventWriter.toBytes(event);
        EventReader reader = new EventReader(new ChunkedInputStream(bytes, maxChunk, seed));

        Event read = reader.read();

        assertSameEvent(read, event);
        assertThat(reader.read()).isNull();
        assertThat(reader.offset()).isEqualTo(bytes.length);
    }

    @Property
    void roundTripsThroughArraySlicesAndByteBuffers(
            @ForAll("events") Event event, @ForAll @IntRange(max = 9) int padding) throws IOException {
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
    }

    @Property
    void writesSizesThatAreTheUtf8LengthsOfHeaderAndContent(@ForAll("events") Event event) {
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
    }

    @Property(tries = 300)
    void readsEventsBackToBackAndAsADataFileWithOffsetsOfEveryRecord(
            @ForAll("eventLists") List<Event> events, @ForAll boolean dataFile,
            @ForAll @IntRange(min = 1, max = 7) int maxChunk, @ForAll long seed) throws IOException {
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

        for (EventReader reader : List.of(new EventReader(new ChunkedInputStream(bytes, maxChunk, seed)),
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
    }

    @Property(tries = 300)
    void readingHeadersAndSkippingContentAgreesWithReadingWholeEvents(
            @ForAll("eventLists") List<Event> events, @ForAll @Size(max = 12) List<Boolean> readContent,
            @ForAll @IntRange(min = 1, max = 7) int maxChunk, @ForAll long seed) throws IOException {
        byte[] bytes = dataFile(events);
        EventReader whole = new EventReader(new ChunkedInputStream(bytes, maxChunk, seed));
        EventReader headers = new EventReader(new ChunkedInputStream(bytes, maxChunk, seed + 1));

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
            if (i < readContent.size() && readContent.get(i)) {
                assertThat(headers.readContent()).isEqualTo(event.content());
                assertThat(headers.offset()).isEqualTo(whole.offset());
            }
        }
        assertThat(whole.read()).isNull();
        assertThat(headers.readHeader()).isNull();
        assertThat(headers.offset()).isEqualTo(whole.offset()).isEqualTo(bytes.length);
    }

    @Property
    void readsTimestampsWithZeroToNineFractionDigitsExactly(
            @ForAll("seconds") long seconds, @ForAll @IntRange(max = 9) int digits, @ForAll long fractionSeed,
            @ForAll @IntRange(max = 3) int spacesBefore, @ForAll @IntRange(max = 3) int spacesAfter,
            @ForAll boolean withPoint) throws IOException {
        long scale = pow10(digits);
        long fraction = Math.floorMod(fractionSeed, scale);
        String fractionText = digits == 0 ? (withPoint ? "." : "")
                : "." + String.format("%0" + digits + "d", fraction);
        String header = "id:t\ntimestamp:" + " ".repeat(spacesBefore) + seconds + fractionText
                + " ".repeat(spacesAfter) + "\n";
        int headerBytes = header.length();
        byte[] record = ("event: " + headerBytes + " " + headerBytes + " 0\n" + header + "\n")
                .getBytes(StandardCharsets.US_ASCII);

        Event event = EventReader.of(record, 0, record.length).read();

        assertThat(event.timestamp()).isEqualTo(Instant.ofEpochSecond(seconds, fraction * pow10(9 - digits)));
    }

    @Provide
    Arbitrary<List<Event>> eventLists() {
        return events().list().ofMaxSize(12);
    }

    @Provide
    Arbitrary<Long> seconds() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.longs().between(1_000_000_000L, 4_000_000_000L)),
                Tuple.of(2, Arbitraries.longs().between(0, MAX_SECONDS)),
                Tuple.of(1, Arbitraries.of(0L, 1L, MAX_SECONDS)));
    }

    @Provide
    Arbitrary<Event> events() {
        Arbitrary<String> id = Arbitraries.frequencyOf(
                Tuple.of(3, Combinators.combine(Arbitraries.longs(), Arbitraries.longs())
                        .as((high, low) -> new UUID(high, low).toString())),
                Tuple.of(2, singleLine(1, 40)));
        Arbitrary<String> tag = text(codePoints().filter(c -> c != ','), 1, 12);
        Arbitrary<List<String>> tags = Arbitraries.frequencyOf(
                Tuple.of(4, tag.list().ofMaxSize(5)),
                Tuple.of(1, tag.list().ofMinSize(20).ofMaxSize(60)));
        return Combinators.combine(id, timestamps(), singleLine(0, 60), tags, contents(), extraHeaders())
                .as(Event::new);
    }

    private Arbitrary<Instant> timestamps() {
        // A fraction with 0 to 9 significant digits, so both the 7- and the 9-digit forms are written.
        Arbitrary<Integer> nanos = Arbitraries.integers().between(0, 9).flatMap(digits -> {
            int unit = (int) pow10(9 - digits);
            return Arbitraries.integers().between(0, (int) pow10(digits) - 1).map(value -> value * unit);
        });
        return Combinators.combine(seconds(), nanos).as(Instant::ofEpochSecond);
    }

    private static Arbitrary<String> contents() {
        // Now and then a fragment of 9 000 to 72 000 characters, larger than the reader's first buffer.
        Arbitrary<String> fragment = Arbitraries.frequencyOf(
                Tuple.of(120, singleLine(0, 30)),
                Tuple.of(60, Arbitraries.of("\n", "\r", "\r\n", "\n\n", "\n\n\n")),
                Tuple.of(60, Arbitraries.of("event: 1 2 3", "event: 1 2 3\n",
                        "\nevent: 18 17 1\nid:a\ntimestamp:1\nx\n", "id:x", "tags:a,b", "timestamp: 1.5", ":",
                        "\uFFFD")),
                Tuple.of(1, singleLine(1, 8).map(text -> text.repeat(9000))));
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just("")),
                Tuple.of(9, fragment.list().ofMaxSize(12).map(parts -> String.join("", parts))));
    }

    private static Arbitrary<Map<String, String>> extraHeaders() {
        Arbitrary<String> name = text(codePoints().filter(c -> c != ':'), 1, 15)
                .filter(candidate -> !Event.RESERVED_HEADERS.contains(candidate));
        Arbitrary<List<String>> names = name.list().uniqueElements().ofMaxSize(6);
        Arbitrary<List<String>> values = singleLine(0, 30).list().ofSize(6);
        return Combinators.combine(names, values).as((nameList, valueList) -> {
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 0; i < nameList.size(); i++) {
                headers.put(nameList.get(i), valueList.get(i));
            }
            return headers;
        });
    }

    private static Arbitrary<String> singleLine(int minLength, int maxLength) {
        return text(codePoints(), minLength, maxLength);
    }

    private static Arbitrary<String> text(Arbitrary<Integer> codePoints, int minLength, int maxLength) {
        return codePoints.list().ofMinSize(minLength).ofMaxSize(maxLength).map(list -> {
            StringBuilder text = new StringBuilder(list.size() * 2);
            list.forEach(text::appendCodePoint);
            return text.toString();
        });
    }

    /** Code points that can appear on a single line: mostly ASCII, also two-, three- and four-byte UTF-8. */
    private static Arbitrary<Integer> codePoints() {
        return Arbitraries.frequencyOf(
                Tuple.of(10, Arbitraries.integers().between(0x20, 0x7e)),
                Tuple.of(2, Arbitraries.integers().between(0xa0, 0x7ff)),
                Tuple.of(2, Arbitraries.integers().between(0x800, 0xd7ff)),
                Tuple.of(1, Arbitraries.integers().between(0xe000, 0xfffd)),
                Tuple.of(2, Arbitraries.integers().between(0x10000, 0x10ffff)),
                Tuple.of(1, Arbitraries.of(0x00, 0x09, 0x0b, 0x0c, 0x7f, 0x85, 0x2028, 0x2029, 0xfeff)));
    }

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
