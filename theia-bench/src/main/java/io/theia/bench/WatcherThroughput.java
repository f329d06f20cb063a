package io.theia.bench;

import io.theia.api.event.Event;
import io.theia.api.source.EventSink;
import io.theia.api.source.EventSource;
import io.theia.api.source.SourceContext;
import io.theia.watcher.FileSourceConfig;
import io.theia.watcher.FileSourceFactory;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * File source throughput (issue 6): a file of ~200-byte lines read from its beginning by the {@code file} source
 * into a sink that acknowledges and discards. Reports MiB/s of file read and events/s. Not a JMH benchmark: the
 * work is a pipeline of threads measured end to end, from start until the last event is delivered.
 *
 * <p>Run: {@code java -Xms2g -Xmx2g -XX:+AlwaysPreTouch -cp theia-bench/target/benchmarks.jar
 * io.theia.bench.WatcherThroughput [MiB=512] [runs=5]}.
 */
public final class WatcherThroughput {

    static final int LINE_BYTES = 200;

    private WatcherThroughput() {
    }

    public static void main(String[] args) throws Exception {
        long mib = args.length > 0 ? Long.parseLong(args[0]) : 512;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path dir = Files.createTempDirectory("theia-watcher-bench");
        try {
            Path log = dir.resolve("bench.log");
            long lines = write(log, mib * 1024 * 1024 / LINE_BYTES);
            long bytes = Files.size(log);
            System.out.printf("file: %d lines, %.1f MiB%n", lines, bytes / 1048576.0);
            for (int run = 1; run <= runs; run++) {
                warmPageCache(log);
                double seconds = measure(log, lines, dir.resolve("state-" + run));
                System.out.printf("run %d%s: %.2f s, %.1f MiB/s, %.0f events/s%n", run, run == 1 ? " (warm-up)" : "",
                        seconds, bytes / 1048576.0 / seconds, lines / seconds);
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static double measure(Path log, long lines, Path state) throws Exception {
        Files.createDirectories(state);
        DiscardingSink sink = new DiscardingSink(lines);
        FileSourceConfig config = new FileSourceConfig(List.of(log.toString()), null, null, List.of("bench"),
                "beginning", null, null, null, null, null, null, null, null, null);
        SourceContext context = new BenchContext(sink, state);
        long start = System.nanoTime();
        try (EventSource source = new FileSourceFactory(BenchContext.HOST).create(config, context)) {
            source.start();
            if (!sink.done.await(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("only " + sink.events.get() + " of " + lines + " events arrived");
            }
            return (System.nanoTime() - start) / 1e9;
        }
    }

    static long write(Path log, long count) throws IOException {
        byte[] padding = new byte[LINE_BYTES];
        Arrays.fill(padding, (byte) 'x');
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(log), 1 << 20)) {
            for (long i = 0; i < count; i++) {
                byte[] head = ("2024-05-01T12:00:00.000Z INFO [worker-" + (i % 16) + "] request " + i + " served ")
                        .getBytes(StandardCharsets.US_ASCII);
                out.write(head);
                out.write(padding, 0, LINE_BYTES - 1 - head.length);
                out.write('\n');
            }
        }
        return count;
    }

    static void warmPageCache(Path log) throws IOException {
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(log)) {
            while (in.read(buffer) >= 0) {
                // reading is the point: the file is then in the page cache
            }
        }
    }

    /** Acknowledges at once and keeps nothing but a count. */
    private static final class DiscardingSink implements EventSink {
        private final long expected;
        private final AtomicLong events = new AtomicLong();
        private final CountDownLatch done = new CountDownLatch(1);

        DiscardingSink(long expected) {
            this.expected = expected;
        }

        @Override
        public CompletionStage<Void> deliver(List<Event> batch) {
            if (events.addAndGet(batch.size()) >= expected) {
                done.countDown();
            }
            return CompletableFuture.completedFuture(null);
        }
    }
}
