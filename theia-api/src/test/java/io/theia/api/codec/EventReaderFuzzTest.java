package io.theia.api.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.theia.api.event.Event;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Feeds the reader mutated copies of valid streams: whatever the bytes, it must return events or throw
 * {@link EventFormatException}, never anything else, never hang and never allocate for sizes it was only told.
 *
 * <p>Cases come from {@code -Dtheia.fuzz.cases} (default 100 000) and the seed from {@code -Dtheia.fuzz.seed};
 * every failure names the seed and the case, so {@code mvn verify -pl theia-api -Dtest=EventReaderFuzzTest
 * -Dtheia.fuzz.seed=<seed>} repeats it.
 */
class EventReaderFuzzTest {

    private static final long DEFAULT_SEED = 0x7E1A_1509_9896_30L;
    private static final int MAX_EVENT_BYTES = 1024 * 1024;
    private static final int BATCH = 10_000;
    private static final Duration BATCH_TIME_LIMIT = Duration.ofSeconds(60);
    /** The reader may start with a buffer of its choosing up to this size; beyond it, it may only grow with data. */
    private static final int FIRST_BUFFER_ALLOWANCE = 64 * 1024;
    private static final byte[] INTERESTING_BYTES = "\n\n\n::: ,.0123456789\r-eventidtags".getBytes(
            StandardCharsets.US_ASCII);
    private static final String[] FORGED_SIZES = {
        "0", "1", "2147483647", "2147483648", "99999999999999999999", "1048576", "1048577", "65536", "65535",
        "16777216", "-1", "", " ", "00000000000000000000000000000000000000000000000000000000000000001"};

    private final long seed = Long.getLong("theia.fuzz.seed", DEFAULT_SEED);
    private final int cases = Integer.getInteger("theia.fuzz.cases", 100_000);
    private final AtomicLong currentCase = new AtomicLong(-1);
    private long eventsRead;
    private long casesRejected;
    private long casesAccepted;

    @Test
    void mutatedStreamsGiveEventsOrEventFormatExceptionsAndNothingElse() {
        List<byte[]> corpus = corpus(new SplittableRandom(seed));
        for (int first = 0; first < cases; first += BATCH) {
            int from = first;
            int to = Math.min(cases, first + BATCH);
            assertTimeoutPreemptively(BATCH_TIME_LIMIT, () -> {
                for (int index = from; index < to; index++) {
                    currentCase.set(index);
                    runCase(index, corpus);
                }
            }, () -> "fuzz seed " + seed + ": cases " + from + " to " + to + " did not finish within "
                    + BATCH_TIME_LIMIT + "; case " + currentCase.get() + " was running (a hang?)");
        }

        System.out.printf("fuzz seed %d: %d cases, %d rejected, %d read to the end giving %d events%n",
                seed, cases, casesRejected, casesAccepted, eventsRead);
        // The mutations must produce both outcomes in quantity, or this test checks nothing.
        if (cases >= 1000) {
            assertThat(casesRejected).as("cases rejected, seed %d", seed).isGreaterThan(cases / 10);
            assertThat(casesAccepted).as("cases read to a clean end, seed %d", seed).isGreaterThan(cases / 100);
        }
        assertThat(casesRejected + casesAccepted).isEqualTo(cases);
    }

    @Test
    void theUnmutatedCorpusReadsCleanly() throws IOException {
        for (byte[] stream : corpus(new SplittableRandom(seed))) {
            EventReader reader = EventReader.of(ByteBuffer.wrap(stream), MAX_EVENT_BYTES);
            int events = 0;
            while (reader.read() != null) {
                events++;
            }
            assertThat(events).isBetween(1, 4);
            assertThat(reader.offset()).isEqualTo(stream.length);
        }
    }

    private void runCase(int index, List<byte[]> corpus) {
        SplittableRandom random = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (index + 1)));
        byte[] original = corpus.get(random.nextInt(corpus.size()));
        List<String> mutations = new ArrayList<>();
        byte[] input = original;
        for (int count = 1 + random.nextInt(3); count > 0; count--) {
            input = mutate(input, random, corpus, mutations);
        }
        int mode = random.nextInt(4);
        ChunkedInputStream stream = mode < 2 ? null
                : new ChunkedInputStream(input, mode == 2 ? 1 + random.nextInt(7) : input.length + 1,
                        random.nextLong());
        EventReader reader = stream == null ? EventReader.of(ByteBuffer.wrap(input), MAX_EVENT_BYTES)
                : new EventReader(stream, MAX_EVENT_BYTES, 0);
        try {
            int events = readAll(reader, random, input.length);
            eventsRead += events;
            casesAccepted++;
        } catch (EventFormatException e) {
            casesRejected++;
            assertThat(e.offset()).as("offset of %s; %s", e.getMessage(), describe(index, mutations, input))
                    .isBetween(0L, (long) input.length);
            assertThat(e.getMessage()).startsWith("malformed event at byte offset " + e.offset() + ": ");
        } catch (Throwable unexpected) {
            throw new AssertionError("reading failed with " + unexpected + "; " + describe(index, mutations, input),
                    unexpected);
        }
        if (stream != null) {
            assertThat(stream.largestBuffer()).as("largest read buffer; %s", describe(index, mutations, input))
                    .isLessThanOrEqualTo(Math.max(FIRST_BUFFER_ALLOWANCE, 2 * input.length))
                    .isLessThanOrEqualTo(MAX_EVENT_BYTES + 128);
        }
    }

    /** Reads to the end, mixing read(), readHeader()+readContent() and readHeader() that skips the content. */
    private static int readAll(EventReader reader, SplittableRandom random, int inputLength) throws IOException {
        int events = 0;
        while (true) {
            Event event;
            int how = random.nextInt(3);
            if (how == 0) {
                event = reader.read();
            } else {
                EventHeader header = reader.readHeader();
                if (header == null) {
                    return events;
                }
                assertThat(header.recordBytes()).isPositive();
                event = how == 1 ? header.toEvent(reader.readContent()) : header.toEvent("");
            }
            if (event == null) {
                return events;
            }
            events++;
            // Every record has at least a preamble, an id line and a timestamp line.
            assertThat(events).isLessThanOrEqualTo(inputLength / 20);
            assertRewritable(event);
        }
    }

    /** Whatever the reader returns is a valid event that the writer writes and the reader reads back. */
    private static void assertRewritable(Event event) throws IOException {
        byte[] bytes = EventWriter.toBytes(event);
        EventReader reader = EventReader.of(bytes, 0, bytes.length);
        assertThat(reader.read()).isEqualTo(event);
        assertThat(reader.read()).isNull();
    }

    private static byte[] mutate(byte[] input, SplittableRandom random, List<byte[]> corpus, List<String> log) {
        int length = input.length;
        int at = length == 0 ? 0 : random.nextInt(length);
        switch (random.nextInt(8)) {
            case 0 -> {
                if (length == 0) {
                    return input;
                }
                byte[] flipped = input.clone();
                int bit = random.nextInt(8);
                flipped[at] ^= (byte) (1 << bit);
                log.add("flip bit " + bit + " at " + at);
                return flipped;
            }
            case 1 -> {
                byte inserted = random.nextBoolean() ? INTERESTING_BYTES[random.nextInt(INTERESTING_BYTES.length)]
                        : (byte) random.nextInt(256);
                log.add("insert " + (inserted & 0xff) + " at " + at);
                return splice(input, at, at, new byte[] {inserted});
            }
            case 2 -> {
                int count = Math.min(length - at, 1 + random.nextInt(random.nextBoolean() ? 2 : 40));
                log.add("delete " + count + " at " + at);
                return splice(input, at, at + count, new byte[0]);
            }
            case 3 -> {
                log.add("truncate to " + at);
                return splice(input, at, length, new byte[0]);
            }
            case 4 -> {
                byte[] donor = corpus.get(random.nextInt(corpus.size()));
                int from = random.nextInt(donor.length);
                int to = from + random.nextInt(donor.length - from + 1);
                int end = at + random.nextInt(length - at + 1);
                log.add("replace " + at + ".." + end + " with donor bytes " + from + ".." + to);
                return splice(input, at, end, Arrays.copyOfRange(donor, from, to));
            }
            case 5 -> {
                int end = Math.min(length, at + random.nextInt(200));
                log.add("repeat " + at + ".." + end);
                return splice(input, end, end, Arrays.copyOfRange(input, at, end));
            }
            default -> {
                return mutatePreamble(input, random, log);
            }
        }
    }

    /** Changes one of the sizes in one of the preambles: a digit, an extra digit, or a forged number. */
    private static byte[] mutatePreamble(byte[] input, SplittableRandom random, List<String> log) {
        List<int[]> numbers = preambleNumbers(input);
        if (numbers.isEmpty()) {
            log.add("no preamble to change");
            return input;
        }
        int[] number = numbers.get(random.nextInt(numbers.size()));
        int start = number[0];
        int end = number[1];
        switch (random.nextInt(4)) {
            case 0 -> {
                int at = start + random.nextInt(end - start);
                byte[] changed = input.clone();
                changed[at] = (byte) ('0' + random.nextInt(10));
                log.add("preamble digit at " + at + " becomes " + (char) changed[at]);
                return changed;
            }
            case 1 -> {
                int at = start + random.nextInt(end - start + 1);
                byte digit = (byte) ('0' + random.nextInt(10));
                log.add("preamble digit " + (char) digit + " inserted at " + at);
                return splice(input, at, at, new byte[] {digit});
            }
            case 2 -> {
                long value = parse(input, start, end) + (random.nextBoolean() ? 1 : -1);
                log.add("preamble size at " + start + " becomes " + value);
                return splice(input, start, end, Long.toString(value).getBytes(StandardCharsets.US_ASCII));
            }
            default -> {
                String forged = FORGED_SIZES[random.nextInt(FORGED_SIZES.length)];
                log.add("preamble size at " + start + " becomes '" + forged + "'");
                return splice(input, start, end, forged.getBytes(StandardCharsets.US_ASCII));
            }
        }
    }

    /** Start and end of every run of digits on lines that start with "event: ". */
    private static List<int[]> preambleNumbers(byte[] input) {
        List<int[]> numbers = new ArrayList<>();
        byte[] prefix = "event: ".getBytes(StandardCharsets.US_ASCII);
        for (int line = 0; line < input.length; line++) {
            if (line > 0 && input[line - 1] != '\n' || !startsWith(input, line, prefix)) {
                continue;
            }
            int i = line + prefix.length;
            while (i < input.length && input[i] != '\n') {
                if (input[i] >= '0' && input[i] <= '9') {
                    int start = i;
                    while (i < input.length && input[i] >= '0' && input[i] <= '9') {
                        i++;
                    }
                    numbers.add(new int[] {start, i});
                } else {
                    i++;
                }
            }
        }
        return numbers;
    }

    private static boolean startsWith(byte[] input, int at, byte[] prefix) {
        if (at + prefix.length > input.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (input[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static long parse(byte[] input, int start, int end) {
        long value = 0;
        for (int i = start; i < end && value < Long.MAX_VALUE / 10 - 10; i++) {
            value = value * 10 + (input[i] - '0');
        }
        return value;
    }

    private static byte[] splice(byte[] input, int from, int to, byte[] replacement) {
        byte[] result = new byte[input.length - (to - from) + replacement.length];
        System.arraycopy(input, 0, result, 0, from);
        System.arraycopy(replacement, 0, result, from, replacement.length);
        System.arraycopy(input, to, result, from + replacement.length, input.length - to);
        return result;
    }

    private String describe(int index, List<String> mutations, byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        if (text.length() > 3000) {
            text = text.substring(0, 3000) + "...";
        }
        return "fuzz seed " + seed + " (-Dtheia.fuzz.seed=" + seed + "), case " + index + ", mutations " + mutations
                + ", input " + input.length + " bytes: <<" + text.replace("\r", "\\r") + ">>";
    }

    /** Valid streams of one to four events, some in data-file form, some with large content. */
    private static List<byte[]> corpus(SplittableRandom random) {
        List<byte[]> corpus = new ArrayList<>();
        EventWriter writer = new EventWriter();
        for (int stream = 0; stream < 200; stream++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            boolean dataFile = random.nextBoolean();
            for (int count = 1 + random.nextInt(4); count > 0; count--) {
                try {
                    writer.write(randomEvent(random), out);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                if (dataFile) {
                    out.write('\n');
                }
            }
            corpus.add(out.toByteArray());
        }
        return corpus;
    }

    private static Event randomEvent(SplittableRandom random) {
        String id = random.nextInt(4) == 0 ? text(random, 1, 12, false)
                : new UUID(random.nextLong(), random.nextLong()).toString();
        Instant timestamp = Instant.ofEpochSecond(random.nextLong(4_000_000_000L),
                random.nextBoolean() ? random.nextInt(10_000_000) * 100 : random.nextInt(1_000_000_000));
        List<String> tags = new ArrayList<>();
        for (int count = random.nextInt(5); count > 0; count--) {
            tags.add(text(random, 1, 8, false).replace(',', ';'));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (int count = random.nextInt(3) == 0 ? random.nextInt(4) : 0; count > 0; count--) {
            headers.put("x-" + text(random, 1, 6, false).replace(':', ';'), text(random, 0, 20, false));
        }
        String content = random.nextInt(50) == 0 ? text(random, 2000, 6000, true) : text(random, 0, 200, true);
        return new Event(id, timestamp, text(random, 0, 30, false), tags, content, headers);
    }

    private static String text(SplittableRandom random, int minLength, int maxLength, boolean multiLine) {
        StringBuilder text = new StringBuilder();
        for (int length = minLength + random.nextInt(maxLength - minLength + 1); length > 0; length--) {
            int kind = random.nextInt(20);
            if (multiLine && kind == 0) {
                text.append(random.nextBoolean() ? "\n" : "\r\n");
            } else if (multiLine && kind == 1) {
                text.append("\nevent: 10 5 5\n");
            } else if (kind == 2) {
                text.appendCodePoint(0xa0 + random.nextInt(0x700));
            } else if (kind == 3) {
                text.appendCodePoint(0x10000 + random.nextInt(0x1000));
            } else if (kind == 4) {
                text.append(':');
            } else {
                text.append((char) (' ' + random.nextInt(95)));
            }
        }
        return text.toString();
    }
}
