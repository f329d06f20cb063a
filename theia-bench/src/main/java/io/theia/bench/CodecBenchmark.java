package io.theia.bench;

import io.theia.api.codec.EventHeader;
import io.theia.api.codec.EventReader;
import io.theia.api.codec.EventWriter;
import io.theia.api.event.Event;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Throughput of the wire codec, in events per second on one thread (docs/benchmarks.md, "Codec").
 *
 * <p>The events look like log lines: a UUID, a microsecond timestamp, a file path as source, three tags and
 * about 150 characters of ASCII content, about 300 bytes each when serialized. Reads run over {@value #EVENTS}
 * such events in data-file form (each record followed by one more line break), encoded once at setup.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
@State(Scope.Thread)
public class CodecBenchmark {

    static final int EVENTS = 10_000;

    private Event[] events;
    private int next;
    private EventWriter writer;
    private ReusedSink sink;
    private byte[] encoded;

    /** Builds the events from a fixed seed and encodes them once for the read benchmarks. */
    @Setup
    public void setUp() throws IOException {
        events = logLikeEvents(EVENTS, new SplittableRandom(20171106));
        writer = new EventWriter();
        sink = new ReusedSink(1 << 20);
        ByteArrayOutputStream out = new ByteArrayOutputStream(EVENTS * 320);
        for (Event event : events) {
            writer.write(event, out);
            out.write('\n');
        }
        encoded = out.toByteArray();
        System.out.printf("%n%d events, %.1f bytes per record on average%n", EVENTS,
                (double) encoded.length / EVENTS - 1);
    }

    /** One event written into a sink stream that is reused, as a store appending to a buffered file would. */
    @Benchmark
    public int write() throws IOException {
        Event event = events[next];
        next = next + 1 == events.length ? 0 : next + 1;
        return writer.write(event, sink);
    }

    /** Whole events read from an in-memory data file. */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void read(Blackhole blackhole) throws IOException {
        EventReader reader = EventReader.of(encoded, 0, encoded.length);
        for (Event event = reader.read(); event != null; event = reader.read()) {
            blackhole.consume(event);
        }
    }

    /** Whole events read through an {@code InputStream}, so including the copy into the reader's buffer. */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void readStream(Blackhole blackhole) throws IOException {
        EventReader reader = new EventReader(new ByteArrayInputStream(encoded));
        for (Event event = reader.read(); event != null; event = reader.read()) {
            blackhole.consume(event);
        }
    }

    /** Headers only, content skipped without decoding: what a search that filters on time or tags does. */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void readHeader(Blackhole blackhole) throws IOException {
        EventReader reader = EventReader.of(encoded, 0, encoded.length);
        for (EventHeader header = reader.readHeader(); header != null; header = reader.readHeader()) {
            blackhole.consume(header);
        }
    }

    static Event[] logLikeEvents(int count, SplittableRandom random) {
        String[] levels = {"INFO", "INFO", "INFO", "DEBUG", "WARN", "ERROR"};
        String[] paths = {"/api/v1/items", "/api/v1/orders", "/health", "/api/v2/search", "/static/app.js"};
        Event[] result = new Event[count];
        long micros = 1_509_989_630_674_905L;
        for (int i = 0; i < count; i++) {
            micros += random.nextInt(5_000);
            int host = random.nextInt(8);
            String content = String.format("2017-11-06 17:33:%02d,%03d %-5s [worker-%d] io.theia.demo.RequestLog - "
                    + "GET %s/%d took %d ms (status %d, %d bytes, client 10.0.%d.%d)",
                    i % 60, i % 1000, levels[random.nextInt(levels.length)], random.nextInt(16),
                    paths[random.nextInt(paths.length)], random.nextInt(100_000), random.nextInt(900),
                    random.nextInt(10) == 0 ? 500 : 200, random.nextInt(90_000), random.nextInt(256),
                    random.nextInt(256));
            result[i] = new Event(new UUID(random.nextLong(), random.nextLong()).toString(),
                    Instant.ofEpochSecond(micros / 1_000_000, micros % 1_000_000 * 1000),
                    "/var/log/theia/app-server-0" + host + ".log", List.of("app", "prod", "host-0" + host), content);
        }
        return result;
    }

    /** An output stream that copies into one array, starting over when it is full; never allocates. */
    static final class ReusedSink extends OutputStream {
        private final byte[] bytes;
        private int length;

        ReusedSink(int capacity) {
            bytes = new byte[capacity];
        }

        @Override
        public void write(int b) {
            if (length == bytes.length) {
                length = 0;
            }
            bytes[length++] = (byte) b;
        }

        @Override
        public void write(byte[] source, int offset, int count) {
            if (count > bytes.length - length) {
                length = 0;
            }
            System.arraycopy(source, offset, bytes, length, count);
            length += count;
        }
    }
}
