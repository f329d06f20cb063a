package io.theia.api.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.theia.api.event.Event;
import io.theia.api.event.Timestamps;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventReaderTest {

    /** A valid record: 15 preamble bytes, a 17-byte header, 1 content byte, the final line break: 34 bytes. */
    private static final String RECORD = "event: 18 17 1\nid:a\ntimestamp:1\nx\n";

    /** The same with 3 content bytes: 36 bytes, content from 32 to 35, final line break at 35. */
    private static final String RECORD_XYZ = "event: 20 17 3\nid:a\ntimestamp:1\nxyz\n";

    private static final String WORKED_EXAMPLE = "event: 155 133 22\n"
            + "id:331c531d-6eb4-4fb5-84d3-ea6937b01fdd\n"
            + "timestamp: 1509989630.6749051\n"
            + "source:/dev/sensors/door1-sensor\n"
            + "tags:sensors,home,doors,door1\n"
            + "Door has been unlocked\n";

    /** The ways into a reader; every test of malformed input runs through all of them. */
    private enum Input {
        ARRAY_SLICE {
            @Override
            EventReader open(byte[] bytes) {
                // Garbage around the slice: a reader that strays outside it fails the test.
                byte[] padded = new byte[bytes.length + 8];
                Arrays.fill(padded, (byte) 'Z');
                System.arraycopy(bytes, 0, padded, 4, bytes.length);
                return EventReader.of(padded, 4, bytes.length);
            }
        },
        DIRECT_BUFFER {
            @Override
            EventReader open(byte[] bytes) {
                ByteBuffer buffer = ByteBuffer.allocateDirect(bytes.length);
                buffer.put(bytes).flip();
                return EventReader.of(buffer);
            }
        },
        TRICKLING_STREAM {
            @Override
            EventReader open(byte[] bytes) {
                return new EventReader(new ChunkedInputStream(bytes, 3, 42), EventReader.DEFAULT_MAX_EVENT_BYTES, 0);
            }
        },
        WHOLE_STREAM {
            @Override
            EventReader open(byte[] bytes) {
                return new EventReader(new ByteArrayInputStream(bytes));
            }
        };

        abstract EventReader open(byte[] bytes);
    }

    @Test
    void readsTheWorkedExampleOfTheProtocol() throws IOException {
        for (Input input : Input.values()) {
            assertThat(readAll(input, WORKED_EXAMPLE)).as(input.name()).containsExactly(new Event(
                    "331c531d-6eb4-4fb5-84d3-ea6937b01fdd", Instant.ofEpochSecond(1509989630, 674_905_100),
                    "/dev/sensors/door1-sensor", List.of("sensors", "home", "doors", "door1"),
                    "Door has been unlocked"));
        }
    }

    // --- a preamble that is not "event: N N N" ---

    @Test
    void rejectsAPreambleThatDoesNotStartWithEvent() {
        assertFailure("evnt: 18 17 1\nid:a\ntimestamp:1\nx\n",
                "preamble 'evnt: 18 17 1' is not 'event: <total> <header> <content>': "
                        + "it does not start with 'event:'", 0);
        assertFailure("id:a\n", "preamble 'id:a' is not 'event: <total> <header> <content>': "
                + "it does not start with 'event:'", 0);
    }

    @Test
    void rejectsAPreambleWithTwoSizes() {
        assertFailure("event: 18 17\nid:a\ntimestamp:1\nx\n", "preamble 'event: 18 17' is not "
                + "'event: <total> <header> <content>': expected three sizes separated by spaces", 0);
    }

    @Test
    void rejectsAPreambleWithoutSpaceOrWithSizesThatAreNotNumbers() {
        assertFailure("event:18 17 1\n", "preamble 'event:18 17 1' is not "
                + "'event: <total> <header> <content>': expected three sizes separated by spaces", 0);
        assertFailure("event: 18 a 1\n", "preamble 'event: 18 a 1' is not "
                + "'event: <total> <header> <content>': expected three sizes separated by spaces", 0);
        assertFailure("event: 18 -17 1\n", "preamble 'event: 18 -17 1' is not "
                + "'event: <total> <header> <content>': expected three sizes separated by spaces", 0);
    }

    @Test
    void rejectsTextAfterTheThreeSizes() {
        assertFailure("event: 18 17 1 0\n", "preamble 'event: 18 17 1 0' is not "
                + "'event: <total> <header> <content>': unexpected text after the three sizes", 0);
        assertFailure("event: 18 17 1\r\n", "preamble 'event: 18 17 1\r' is not "
                + "'event: <total> <header> <content>': unexpected text after the three sizes", 0);
    }

    @Test
    void rejectsAPreambleThatIsTooShort() {
        assertFailure("event\nid:a\n", "preamble 'event' is not "
                + "'event: <total> <header> <content>': it is too short", 0);
    }

    @Test
    void rejectsAPreambleWithoutALineBreakWithin64Bytes() {
        String longLine = "event: 18 17 1" + " ".repeat(60) + "\n";
        assertFailure(longLine, "preamble '" + longLine.substring(0, 64) + "' is not "
                + "'event: <total> <header> <content>': no line break within 64 bytes", 0);
    }

    @Test
    void namesTheOffsetOfABadPreambleAfterAGoodRecord() {
        assertFailure(RECORD + "\n" + "nonsense\n", "preamble 'nonsense' is not "
                + "'event: <total> <header> <content>': it does not start with 'event:'", 35);
    }

    // --- sizes that disagree ---

    @Test
    void rejectsATotalThatIsNotHeaderPlusContent() {
        assertFailure("event: 19 17 1\nid:a\ntimestamp:1\nx\n",
                "sizes disagree: total 19 is not header 17 + content 1", 0);
        assertFailure(RECORD + "event: 2147483647 2147483647 2147483647\n",
                "sizes disagree: total 2147483647 is not header 2147483647 + content 2147483647", 34);
    }

    // --- a header block that does not end on a line boundary ---

    @Test
    void rejectsAHeaderBlockThatEndsInsideALine() {
        // The header size is one short, so the block ends on the '1' of "timestamp:1" at byte 30.
        assertFailure("event: 18 16 2\nid:a\ntimestamp:1\nx\n",
                "the header block does not end on a line boundary", 30);
    }

    // --- a header line without ':' ---

    @Test
    void rejectsAHeaderLineWithoutAColon() {
        assertFailure("event: 26 25 1\nid:a\nnocolon\ntimestamp:1\nx\n", "header line 'nocolon' has no ':'", 20);
    }

    @Test
    void rejectsAHeaderLineWithAnEmptyName() {
        assertFailure("event: 21 20 1\nid:a\ntimestamp:1\n:x\nx\n", "header line has an empty name", 32);
    }

    @Test
    void rejectsACarriageReturnInAHeaderLine() {
        assertFailure("event: 19 18 1\nid:a\r\ntimestamp:1\nx\n",
                "header line 'id:...' contains a carriage return", 15);
    }

    // --- a missing id ---

    @Test
    void rejectsAnEventWithoutAnIdLine() {
        assertFailure("event: 13 12 1\ntimestamp:1\nx\n", "the event has no id", 15);
    }

    @Test
    void rejectsAnEventWithAnEmptyId() {
        assertFailure("event: 17 16 1\nid:\ntimestamp:1\nx\n", "the event has no id", 15);
    }

    /** Decided: an id of spaces is no id (the original would store it, and nothing could find it by id). */
    @Test
    void rejectsAnIdOfSpaces() {
        assertFailure(record("id:   \ntimestamp:1\n", "x"), "the event's id is only spaces", 15);
    }

    /** Decided: the year 9999 is the last; the original's clients cannot show a later time. */
    @Test
    void acceptsTimestampsUpToTheYear9999Only() throws IOException {
        assertThat(readAll(Input.WHOLE_STREAM, record("id:a\ntimestamp:253402300799.999999999\n", "x")))
                .singleElement().extracting(Event::timestamp).isEqualTo(Timestamps.LATEST);
        assertFailure(record("id:a\ntimestamp:253402300800\n", "x"), "timestamp '253402300800' is after the year 9999",
                30);
    }

    /** Decided: bytes that are not UTF-8 are refused, never turned into U+FFFD; a real U+FFFD is kept. */
    @Test
    void rejectsBytesThatAreNotUtf8AndKeepsARealReplacementCharacter() throws IOException {
        // Preamble 15 bytes, header 17: the content starts at 32 and its 'X' is at 35.
        assertFailure(withByte(record("id:a\ntimestamp:1\n", "ok X!"), 'X', 0xFF),
                "the content of event 'a' is not valid UTF-8", 35);
        // The tag value starts at 15 + 17 + 5 = 37, its 'X' is at 38.
        assertFailure(withByte(record("id:a\ntimestamp:1\ntags:xX\n", "ok"), 'X', 0xC3),
                "header value is not valid UTF-8", 38);
        assertThat(readAll(Input.WHOLE_STREAM, record("id:a\ntimestamp:1\n", "kept \uFFFD")))
                .singleElement().extracting(Event::content).isEqualTo("kept \uFFFD");
    }

    /** Decided: as the original's reader (split, int), extra spaces and leading zeros in the sizes are accepted. */
    @Test
    void acceptsExtraSpacesAndLeadingZerosInThePreambleAsTheOriginal() throws IOException {
        String body = "id:a\ntimestamp:1\nx\n";
        assertThat(readAll(Input.WHOLE_STREAM, "event:  018   017 0001\n" + body)).singleElement()
                .extracting(Event::content).isEqualTo("x");
    }

    @Test
    void rejectsAnEventWithAnEmptyHeader() {
        assertFailure("event: 1 0 1\nx\n", "the event has an empty header: its id is missing", 13);
    }

    @Test
    void rejectsAnEventWithoutATimestamp() {
        assertFailure("event: 6 5 1\nid:a\nx\n", "event 'a' has no timestamp", 13);
    }

    // --- a timestamp that is not a number ---

    @Test
    void rejectsATimestampThatIsNotANumber() {
        String why = "' is not a number of seconds (digits, optionally '.' and up to 9 fraction digits)";
        // The offset is that of the value, just after "timestamp:" at 15 + 5 + 10 = 30.
        assertFailure("event: 20 19 1\nid:a\ntimestamp:abc\nx\n", "timestamp 'abc" + why, 30);
        assertFailure(record("id:a\ntimestamp:\n", "x"), "timestamp '" + why, 30);
        assertFailure(record("id:a\ntimestamp:-1\n", "x"), "timestamp '-1" + why, 30);
        assertFailure(record("id:a\ntimestamp:1 5\n", "x"), "timestamp '1 5" + why, 30);
        assertFailure(record("id:a\ntimestamp:1e9\n", "x"), "timestamp '1e9" + why, 30);
        assertFailure(record("id:a\ntimestamp:1.5.\n", "x"), "timestamp '1.5." + why, 30);
        assertFailure(record("id:a\ntimestamp:1.1234567890\n", "x"), "timestamp '1.1234567890" + why, 30);
        assertFailure(record("id:a\ntimestamp:31556889864403200\n", "x"),
                "timestamp '31556889864403200' is after the year 9999", 30);
        assertFailure(record("id:a\ntimestamp:1234567890123456789\n", "x"),
                "timestamp '1234567890123456789" + why, 30);
    }

    // --- a stream that ends inside an event ---

    @Test
    void rejectsAStreamThatEndsInsideThePreamble() {
        assertFailure(RECORD.substring(0, 3), "the stream ends inside an event preamble", 3);
        assertFailure(RECORD.substring(0, 10), "the stream ends inside an event preamble", 10);
        assertFailure(RECORD.substring(0, 14), "the stream ends inside an event preamble", 14);
        assertFailure(RECORD + RECORD.substring(0, 8), "the stream ends inside an event preamble", 42);
    }

    @Test
    void rejectsAStreamThatEndsInsideTheHeader() {
        assertFailure(RECORD.substring(0, 15), "the stream ends inside an event header", 15);
        assertFailure(RECORD.substring(0, 20), "the stream ends inside an event header", 20);
        assertFailure(RECORD.substring(0, 31), "the stream ends inside an event header", 31);
        assertFailure(RECORD + "\n" + RECORD.substring(0, 20), "the stream ends inside an event header", 55);
    }

    @Test
    void rejectsAStreamThatEndsInsideTheContent() {
        String reason = "the stream ends inside the content of event 'a' that starts at byte 0";
        assertFailure(RECORD_XYZ.substring(0, 32), reason, 32);
        assertFailure(RECORD_XYZ.substring(0, 33), reason, 33);
        assertFailure(RECORD + RECORD_XYZ.substring(0, 33),
                "the stream ends inside the content of event 'a' that starts at byte 34", 67);
    }

    @Test
    void rejectsAStreamThatEndsBeforeTheFinalLineBreak() {
        assertFailure(RECORD_XYZ.substring(0, 35),
                "the stream ends inside the content of event 'a' that starts at byte 0", 35);
    }

    @Test
    void rejectsATruncatedContentAlsoWhenItIsSkipped() throws IOException {
        for (Input input : Input.values()) {
            for (int cut : new int[] {32, 33, 35}) {
                EventReader reader = input.open(utf8(RECORD_XYZ.substring(0, cut)));
                assertThat(reader.readHeader().id()).isEqualTo("a");

                EventFormatException failure = catchThrowableOfType(EventFormatException.class, reader::readHeader);

                assertThat(failure).as("%s, cut at %d", input, cut).isNotNull();
                assertThat(failure.reason()).isEqualTo("the stream ends inside event 'a' that starts at byte 0");
                assertThat(failure.offset()).isEqualTo(cut);
            }
        }
    }

    @Test
    void rejectsContentThatIsNotFollowedByALineBreak() {
        assertFailure(RECORD_XYZ.substring(0, 35) + "!",
                "the content of event 'a' (3 bytes, per its preamble) is not followed by a line break", 35);
    }

    // --- sizes from a preamble are not trusted ---

    @Test
    void rejectsAnEventLargerThanTheMaximumBeforeReadingIt() throws IOException {
        EventReader reader = new EventReader(stream("event: 1000 500 500\nid:a\n"), 100, 0);

        assertThatThrownBy(reader::read).isInstanceOfSatisfying(EventFormatException.class, e -> {
            assertThat(e.reason()).isEqualTo("event of 1000 bytes exceeds the maximum event size of 100 bytes");
            assertThat(e.offset()).isZero();
        });
    }

    @Test
    void acceptsAnEventOfExactlyTheMaximumSize() throws IOException {
        assertThat(new EventReader(stream(RECORD), 18, 0).read().id()).isEqualTo("a");
        assertThatThrownBy(() -> new EventReader(stream(RECORD), 17, 0).read())
                .isInstanceOf(EventFormatException.class)
                .hasMessage("malformed event at byte offset 0: "
                        + "event of 18 bytes exceeds the maximum event size of 17 bytes");
    }

    @Test
    void rejectsAForgedTwoGigabyteEventWithoutAllocatingForIt() {
        ChunkedInputStream in = new ChunkedInputStream(
                utf8("event: 2000000000 1000000000 1000000000\nid:a\ntimestamp:1\n" + "x".repeat(5000)), 7, 1);
        EventReader reader = new EventReader(in);

        assertThatThrownBy(reader::read).isInstanceOfSatisfying(EventFormatException.class, e -> {
            assertThat(e.reason()).isEqualTo(
                    "event of 2000000000 bytes exceeds the maximum event size of 16777216 bytes");
            assertThat(e.offset()).isZero();
        });
        assertThat(in.largestBuffer()).isLessThanOrEqualTo(64 * 1024);
    }

    @Test
    void rejectsASizeBeyondTheRangeOfAnInt() {
        assertFailure("event: 4294967296 4294967200 96\n", "preamble 'event: 4294967296 4294967200 96' is not "
                + "'event: <total> <header> <content>': a size is larger than 2147483647", 0);
        assertFailure("event: 99999999999999999999999 1 1\n", "preamble 'event: 99999999999999999999999 1 1' is not "
                + "'event: <total> <header> <content>': a size is larger than 2147483647", 0);
    }

    @Test
    void growsItsBufferOnlyAsDataArrivesNotAsThePreambleClaims() {
        // Plausible sizes under the default maximum, but the stream ends early: the reader must not have sized a
        // buffer for the claimed 16 MB.
        String header = "id:a\ntimestamp:1\n" + "h:" + "v".repeat(80) + "\n";
        String claim = "event: 16000000 " + utf8(header).length + " " + (16_000_000 - utf8(header).length) + "\n";
        ChunkedInputStream in = new ChunkedInputStream(utf8(claim + header + "x".repeat(3000)), 7, 3);

        EventFormatException failure = catchThrowableOfType(EventFormatException.class,
                () -> new EventReader(in).read());

        assertThat(failure.reason()).isEqualTo("the stream ends inside the content of event 'a' that starts at byte 0");
        assertThat(failure.offset()).isEqualTo(utf8(claim + header).length + 3000);
        assertThat(in.largestBuffer()).isLessThanOrEqualTo(64 * 1024);
    }

    @Test
    void readsAnEventLargerThanItsInitialBuffer() throws IOException {
        String content = "é".repeat(1_000_000);
        byte[] bytes = EventWriter.toBytes(new Event("big", Instant.EPOCH, "s", List.of(), content));
        ChunkedInputStream in = new ChunkedInputStream(bytes, 100_000, 5);
        EventReader reader = new EventReader(in, 2_000_100, 0);

        assertThat(reader.read().content()).isEqualTo(content);
        assertThat(reader.read()).isNull();
        assertThat(in.largestBuffer()).isLessThanOrEqualTo(2_000_100 + 128);
    }

    // --- duplicates ---

    @Test
    void rejectsADuplicateHeaderLine() {
        assertFailure(record("id:a\nid:b\ntimestamp:1\n", "x"), "header 'id' appears twice", 20);
        assertFailure(record("id:a\ntimestamp:1\ntimestamp:1\n", "x"), "header 'timestamp' appears twice", 32);
        assertFailure(record("id:a\ntimestamp:1\nsource:s\nsource:s\n", "x"), "header 'source' appears twice", 41);
        assertFailure(record("id:a\ntimestamp:1\ntags:\ntags:t\n", "x"), "header 'tags' appears twice", 38);
        assertFailure(record("id:a\ntimestamp:1\nx-y:1\nx-y:2\n", "x"), "header 'x-y' appears twice", 38);
    }

    // --- what is accepted ---

    @Test
    void returnsNullAtACleanEndBetweenEventsAndKeepsReturningIt() throws IOException {
        for (Input input : Input.values()) {
            EventReader reader = input.open(utf8(RECORD + RECORD_XYZ));

            assertThat(reader.read().content()).isEqualTo("x");
            assertThat(reader.read().content()).isEqualTo("xyz");
            assertThat(reader.read()).as(input.name()).isNull();
            assertThat(reader.read()).isNull();
            assertThat(reader.readHeader()).isNull();
            assertThat(reader.offset()).isEqualTo(70);
        }
    }

    @Test
    void returnsNullForAnEmptyStreamOrOnlyBlankLines() throws IOException {
        for (Input input : Input.values()) {
            assertThat(readAll(input, "")).isEmpty();
            assertThat(readAll(input, "\n")).isEmpty();
            assertThat(readAll(input, "\n\n\n\n")).isEmpty();
        }
    }

    @Test
    void skipsBlankLinesBeforeBetweenAndAfterRecords() throws IOException {
        for (Input input : Input.values()) {
            EventReader reader = input.open(utf8("\n\n" + RECORD + "\n" + RECORD_XYZ + "\n\n\n"));

            EventHeader first = reader.readHeader();
            assertThat(first.offset()).isEqualTo(2);
            assertThat(first.endOffset()).isEqualTo(36);
            EventHeader second = reader.readHeader();
            assertThat(second.offset()).as(input.name()).isEqualTo(37);
            assertThat(second.recordBytes()).isEqualTo(36);
            assertThat(reader.readContent()).isEqualTo("xyz");
            assertThat(reader.offset()).isEqualTo(73);
            assertThat(reader.readHeader()).isNull();
            assertThat(reader.offset()).isEqualTo(76);
        }
    }

    @Test
    void keepsUnknownHeaderLinesInOrderWithTheirValuesVerbatim() throws IOException {
        String header = "id:a\nzeta:1\ntimestamp:1\nalpha:two words \nmiddle:\nURL:http://x:80/\n";
        for (Input input : Input.values()) {
            Event event = readAll(input, record(header, "x")).get(0);

            assertThat(new ArrayList<>(event.headers().entrySet())).containsExactly(
                    Map.entry("zeta", "1"), Map.entry("alpha", "two words "), Map.entry("middle", ""),
                    Map.entry("URL", "http://x:80/"));
        }
    }

    @Test
    void readsAnEmptyTagsLineAsNoTags() throws IOException {
        Event event = readAll(Input.ARRAY_SLICE, record("id:a\ntimestamp:1\ntags:\n", "x")).get(0);

        assertThat(event.tags()).isEmpty();
    }

    @Test
    void readsMissingSourceAndTagsLinesAsEmpty() throws IOException {
        Event event = readAll(Input.ARRAY_SLICE, RECORD).get(0);

        assertThat(event).isEqualTo(new Event("a", Instant.ofEpochSecond(1), "", List.of(), "x"));
    }

    @Test
    void skipsEmptyTagsBetweenCommas() throws IOException {
        Event event = readAll(Input.ARRAY_SLICE, record("id:a\ntimestamp:1\ntags:a,,b,\n", "x")).get(0);

        assertThat(event.tags()).containsExactly("a", "b");
    }

    @Test
    void acceptsTimestampsWithoutTheSpaceWithPaddingAndWithAnyNumberOfFractionDigits() throws IOException {
        assertThat(timestampOf("timestamp:1.5")).isEqualTo(Instant.ofEpochSecond(1, 500_000_000));
        assertThat(timestampOf("timestamp:   12  ")).isEqualTo(Instant.ofEpochSecond(12));
        assertThat(timestampOf("timestamp:12.")).isEqualTo(Instant.ofEpochSecond(12));
        assertThat(timestampOf("timestamp: 1509989630.6749051"))
                .isEqualTo(Instant.ofEpochSecond(1509989630, 674_905_100));
        assertThat(timestampOf("timestamp:0.123456789")).isEqualTo(Instant.ofEpochSecond(0, 123_456_789));
    }

    @Test
    void acceptsAContentThatLooksLikeRecords() throws IOException {
        String content = "event: 18 17 1\nid:b\ntimestamp:1\nx\n";
        for (Input input : Input.values()) {
            assertThat(readAll(input, record("id:a\ntimestamp:1\n", content))).extracting(Event::content)
                    .containsExactly(content);
        }
    }

    @Test
    void countsOffsetsFromTheGivenStartOffset() throws IOException {
        EventReader reader = new EventReader(stream(RECORD + "oops\n"), EventReader.DEFAULT_MAX_EVENT_BYTES, 1000);

        assertThat(reader.readHeader().offset()).isEqualTo(1000);
        assertThatThrownBy(reader::readHeader).isInstanceOfSatisfying(EventFormatException.class,
                e -> assertThat(e.offset()).isEqualTo(1034));
    }

    @Test
    void refusesToReadContentWithoutAHeader() throws IOException {
        EventReader reader = Input.ARRAY_SLICE.open(utf8(RECORD));

        assertThatIllegalStateException().isThrownBy(reader::readContent);
        reader.read();
        assertThatIllegalStateException().isThrownBy(reader::readContent);
    }

    @Test
    void rejectsANonPositiveMaximumEventSize() {
        assertThatThrownBy(() -> new EventReader(stream(RECORD), 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxEventBytes must be positive, not 0");
    }

    @Test
    void aMaximumEventSizeTooLargeForOneArrayCountsAsTheLargestThatFits() throws IOException {
        EventReader reader = new EventReader(new ChunkedInputStream(utf8(RECORD + "event: 2147483000 1 2147482999\n"),
                3, 42), Integer.MAX_VALUE, 0);

        assertThat(reader.read()).isNotNull();
        assertThatThrownBy(reader::read)
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("exceeds the maximum event size of 2147482623 bytes");
    }

    @Test
    void closesTheStream() throws IOException {
        boolean[] closed = {false};
        InputStream in = new ByteArrayInputStream(new byte[0]) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };

        new EventReader(in).close();

        assertThat(closed[0]).isTrue();
    }

    private static Instant timestampOf(String line) throws IOException {
        return readAll(Input.TRICKLING_STREAM, record("id:a\n" + line + "\n", "x")).get(0).timestamp();
    }

    /** A record with the given header lines and content, with correct sizes. */
    /** The ASCII text's bytes with its only {@code placeholder} replaced by a byte that is not UTF-8 there. */
    private static byte[] withByte(String text, char placeholder, int replacement) {
        byte[] bytes = utf8(text);
        bytes[text.indexOf(placeholder)] = (byte) replacement;
        return bytes;
    }

    private static String record(String header, String content) {
        int headerBytes = utf8(header).length;
        int contentBytes = utf8(content).length;
        return "event: " + (headerBytes + contentBytes) + " " + headerBytes + " " + contentBytes + "\n"
                + header + content + "\n";
    }

    private static List<Event> readAll(Input input, String text) throws IOException {
        return readAll(input, utf8(text));
    }

    private static List<Event> readAll(Input input, byte[] bytes) throws IOException {
        EventReader reader = input.open(bytes);
        List<Event> events = new ArrayList<>();
        for (Event event = reader.read(); event != null; event = reader.read()) {
            events.add(event);
        }
        return events;
    }

    /** Checks that every kind of input fails on the text with the reason at the offset. */
    private static void assertFailure(String text, String reason, long offset) {
        assertFailure(utf8(text), reason, offset);
    }

    private static void assertFailure(byte[] bytes, String reason, long offset) {
        for (Input input : Input.values()) {
            EventFormatException failure = catchThrowableOfType(EventFormatException.class,
                    () -> readAll(input, bytes));

            assertThat(failure).as("failure reading through %s", input).isNotNull();
            assertThat(failure.reason()).as("reason through %s", input).isEqualTo(reason);
            assertThat(failure.offset()).as("offset through %s", input).isEqualTo(offset);
            assertThat(failure).hasMessage("malformed event at byte offset " + offset + ": " + reason);
        }
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(utf8(text));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
