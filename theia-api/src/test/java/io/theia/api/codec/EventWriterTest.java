package io.theia.api.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.theia.api.event.Event;
import io.theia.api.event.Timestamps;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventWriterTest {

    private static final String DOOR_ID = "331c531d-6eb4-4fb5-84d3-ea6937b01fdd";
    private static final Instant DOOR_TIME = Instant.ofEpochSecond(1509989630, 674905100);

    private final EventWriter writer = new EventWriter();

    @Test
    void writesTheWorkedExampleOfTheProtocolByteForByte() throws IOException {
        Event event = new Event(DOOR_ID, DOOR_TIME, "/dev/sensors/door1-sensor",
                List.of("sensors", "home", "doors", "door1"), "Door has been unlocked");

        assertThat(written(event)).isEqualTo(utf8("event: 155 133 22\n"
                + "id:331c531d-6eb4-4fb5-84d3-ea6937b01fdd\n"
                + "timestamp: 1509989630.6749051\n"
                + "source:/dev/sensors/door1-sensor\n"
                + "tags:sensors,home,doors,door1\n"
                + "Door has been unlocked\n"));
    }

    @Test
    void writesNoTagsAsAnEmptyTagsLine() throws IOException {
        Event event = new Event("e1", Instant.ofEpochSecond(7), "src", List.of(), "x");

        assertThat(text(written(event))).isEqualTo("event: 45 44 1\n"
                + "id:e1\n"
                + "timestamp: 7.0000000\n"
                + "source:src\n"
                + "tags:\n"
                + "x\n");
    }

    @Test
    void writesExtraHeadersAfterTheTagsInInsertionOrder() throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("zulu", "last letter");
        headers.put("alpha", "");
        headers.put("host", "sensor-gw.local");
        Event event = new Event("e2", Instant.ofEpochSecond(7), "", List.of("a"), "", headers);

        assertThat(text(written(event))).isEqualTo("event: 87 87 0\n"
                + "id:e2\n"
                + "timestamp: 7.0000000\n"
                + "source:\n"
                + "tags:a\n"
                + "zulu:last letter\n"
                + "alpha:\n"
                + "host:sensor-gw.local\n"
                + "\n");
    }

    @Test
    void countsSizesInUtf8BytesNotChars() throws IOException {
        // id 4 bytes, source 11, tag 5, content: h é(2) llo space €(3) 𝄞(4) = 14 bytes in 8 chars.
        Event event = new Event("ü-1", Instant.ofEpochSecond(1), "/tmp/日志", List.of("café"), "héllo €𝄞");

        assertThat(written(event)).isEqualTo(utf8("event: 73 59 14\n"
                + "id:ü-1\n"
                + "timestamp: 1.0000000\n"
                + "source:/tmp/日志\n"
                + "tags:café\n"
                + "héllo €𝄞\n"));
    }

    @Test
    void countsNonAsciiHeaderNamesAndValuesInBytes() throws IOException {
        Event event = new Event("e", Instant.ofEpochSecond(1), "s", List.of(), "",
                Map.of("größe", "½ liter"));

        // "größe:½ liter\n" is 7 + 1 + 8 + 1 = 17 bytes; the fixed lines are 5 + 21 + 9 + 6 = 41.
        assertThat(text(written(event))).startsWith("event: 58 58 0\n").endsWith("größe:½ liter\n\n");
    }

    @Test
    void writesWholeSecondsWithSevenZeroDigits() throws IOException {
        assertThat(timestampLine(Instant.ofEpochSecond(1509989630))).isEqualTo("timestamp: 1509989630.0000000");
        assertThat(timestampLine(Instant.EPOCH)).isEqualTo("timestamp: 0.0000000");
    }

    @Test
    void writesSevenDigitsWhenNothingFinerThan100NanosIsSet() throws IOException {
        assertThat(timestampLine(Instant.ofEpochSecond(12, 100))).isEqualTo("timestamp: 12.0000001");
        assertThat(timestampLine(Instant.ofEpochSecond(12, 999_999_900))).isEqualTo("timestamp: 12.9999999");
        assertThat(timestampLine(Instant.ofEpochSecond(12, 500_000_000))).isEqualTo("timestamp: 12.5000000");
    }

    @Test
    void writesNineDigitsWhenTheTimestampIsFinerThan100Nanos() throws IOException {
        assertThat(timestampLine(Instant.ofEpochSecond(12, 1))).isEqualTo("timestamp: 12.000000001");
        assertThat(timestampLine(Instant.ofEpochSecond(12, 123_456_789))).isEqualTo("timestamp: 12.123456789");
        assertThat(timestampLine(Instant.ofEpochSecond(12, 999_999_999))).isEqualTo("timestamp: 12.999999999");
    }

    @Test
    void writesTheLatestTimestamp() throws IOException {
        assertThat(timestampLine(Timestamps.LATEST)).isEqualTo("timestamp: 253402300799.999999999");
    }

    @Test
    void writesContentWithLineBreaksVerbatimAndCountsThem() throws IOException {
        Event event = new Event("e", Instant.ofEpochSecond(1), "s", List.of(), "a\r\nevent: 1 2 3\n\n");

        assertThat(text(written(event))).isEqualTo("event: 58 41 17\n"
                + "id:e\n"
                + "timestamp: 1.0000000\n"
                + "source:s\n"
                + "tags:\n"
                + "a\r\nevent: 1 2 3\n\n\n");
    }

    @Test
    void reusesItsBufferAcrossEventsOfVeryDifferentSizes() throws IOException {
        Event small = new Event("small", Instant.ofEpochSecond(1), "s", List.of("t"), "tiny");
        Event large = small.withContent("€".repeat(100_000));
        byte[] smallAlone = EventWriter.toBytes(small);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int smallBytes = writer.write(small, out);
        int largeBytes = writer.write(large, out);
        int smallAgainBytes = writer.write(small, out);

        byte[] all = out.toByteArray();
        assertThat(smallBytes).isEqualTo(smallAlone.length);
        assertThat(smallAgainBytes).isEqualTo(smallAlone.length);
        assertThat(smallAlone.length).isEqualTo(66);
        assertThat(largeBytes).isEqualTo(24 + 46 + 300_000 + 1);
        assertThat(text(all).substring(66)).startsWith("event: 300046 46 300000\n");
        assertThat(Arrays.copyOfRange(all, all.length - smallAlone.length, all.length))
                .isEqualTo(smallAlone);
    }

    @Test
    void writesAnUnpairedSurrogateAsQuestionMarkAndCountsTheByteItBecame() throws IOException {
        Event event = new Event("e", Instant.ofEpochSecond(1), "s", List.of(), "a\uD800b");

        assertThat(text(written(event))).isEqualTo("event: 44 41 3\n"
                + "id:e\n"
                + "timestamp: 1.0000000\n"
                + "source:s\n"
                + "tags:\n"
                + "a?b\n");
    }

    @Test
    void encodesLongAndShortTextAlikeIncludingUnpairedSurrogates() throws IOException {
        // 17 ASCII chars, an unpaired surrogate ('?', 1 byte) and 'é' (2 bytes): 20 bytes, past the short-text path.
        String longText = "0123456789abcdefg\uD800é";
        Event event = new Event(longText, Instant.ofEpochSecond(1), longText, List.of(), longText);

        assertThat(text(written(event))).isEqualTo("event: 99 79 20\n"
                + "id:0123456789abcdefg?é\n"
                + "timestamp: 1.0000000\n"
                + "source:0123456789abcdefg?é\n"
                + "tags:\n"
                + "0123456789abcdefg?é\n");
    }

    private String timestampLine(Instant timestamp) throws IOException {
        String record = text(written(new Event("e", timestamp, "s", List.of(), "")));
        return record.lines().filter(line -> line.startsWith("timestamp:")).findFirst().orElseThrow();
    }

    /** Writes through every entry point and checks they agree, returning the bytes. */
    private byte[] written(Event event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int count = writer.write(event, out);
        byte[] bytes = out.toByteArray();
        assertThat(count).as("bytes reported by write").isEqualTo(bytes.length);
        assertThat(writer.encodeToArray(event)).as("encodeToArray").isEqualTo(bytes);
        assertThat(EventWriter.toBytes(event)).as("toBytes").isEqualTo(bytes);
        return bytes;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
