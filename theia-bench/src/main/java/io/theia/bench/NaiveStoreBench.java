package io.theia.bench;

import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import io.theia.api.store.EventStore;
import io.theia.store.naive.NaiveEventStore;
import io.theia.store.naive.NaiveStoreConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The naive store's benchmarks from issue 3, as one program (JMH suits the small ones; a 10M-event store is
 * built once and measured in place). Run it with a pre-touched heap:
 *
 * <pre>
 * java -Xms6g -Xmx6g -XX:+AlwaysPreTouch -cp theia-bench/target/benchmarks.jar io.theia.bench.NaiveStoreBench \
 *     all /tmp/theia-bench [events]
 * </pre>
 *
 * Phases: {@code ingest} (buffered, then, in a new JVM, the scans, range queries and gets on the store it built),
 * {@code sync}, {@code open}; {@code all} runs them in turn. Each prints one line per figure.
 */
public final class NaiveStoreBench {

    /** Seconds the generated events span: a day. */
    private static final long SPAN_SECONDS = 86_400;
    private static final long BASE_SECOND = 1_700_000_000L;
    private static final String[] LEVELS = {"INFO", "INFO", "INFO", "DEBUG", "WARN"};
    private static final int CONTENT_VARIANTS = 10_000;
    private static final List<String> CONTENTS = IntStream.range(0, CONTENT_VARIANTS)
            .mapToObj(NaiveStoreBench::content).toList();
    private static final String SOURCE = "/var/log/app/service.log";
    private static final List<List<String>> TAGS = IntStream.range(0, 8)
            .mapToObj(host -> List.of("bench", "host" + host)).toList();

    private NaiveStoreBench() {
    }

    public static void main(String[] args) throws Exception {
        String phase = args[0];
        System.out.println("load average at start: " + Files.readString(Path.of("/proc/loadavg")).trim());
        Path root = Path.of(args[1]);
        long events = args.length > 2 ? Long.parseLong(args[2]) : 10_000_000L;
        if (phase.equals("ingest") || phase.equals("all")) {
            Path dir = root.resolve("ingest");
            ingestBuffered(dir, events);
            inFreshJvm("queries", root.toString(), Long.toString(events));
            delete(dir);
        }
        if (phase.equals("sync") || phase.equals("all")) {
            fsyncProbe(root);
            sync(root.resolve("sync"), 1, Duration.ofSeconds(10));
            sync(root.resolve("sync"), 64, Duration.ofSeconds(10));
        }
        if (phase.equals("open") || phase.equals("all")) {
            openManyFiles(root.resolve("open"), 10_000);
        }
        if (phase.equals("ingest-only")) {
            ingestBuffered(root.resolve("ingest"), events);
        }
        if (phase.equals("ingest-pregen")) {
            ingestPregenerated(root.resolve("pregen"), (int) events);
        }
        if (phase.equals("queries")) {
            queries(root.resolve("ingest"), events);
        }
    }

    /**
     * Event number {@code n} of {@code total}: about 300 bytes serialized, spread evenly over a day. Its id is
     * unique; its content is one of {@value #CONTENT_VARIANTS} log lines made in advance (1 % of them
     * {@code ERROR … read timeout …}), so that making an event costs the benchmark little next to storing it.
     */
    static Event event(long n, long total) {
        long nanosOffset = (long) ((double) n / total * SPAN_SECONDS * 1e9);
        Instant timestamp = Instant.ofEpochSecond(BASE_SECOND, 0).plusNanos(nanosOffset / 1000 * 1000);
        return new Event(id(n), timestamp, SOURCE, TAGS.get((int) (n % TAGS.size())),
                CONTENTS.get((int) (n % CONTENT_VARIANTS)));
    }

    private static String content(int n) {
        String level = n % 100 == 7 ? "ERROR" : LEVELS[n % LEVELS.length];
        String tail = n % 100 == 7 ? "upstream request failed: read timeout after 3000 ms"
                : "request served in " + (n % 997) + " ms, status 200, bytes " + (n * 31 % 100_000);
        return level + " [worker-" + (n % 16) + "] app.http.Handler - GET /api/v1/items/" + (n % 100_003)
                + " user=u" + (n % 5003) + " " + tail;
    }

    static String id(long n) {
        StringBuilder id = new StringBuilder(36);
        hex(id, n * 2654435761L & 0xffffffffL, 8).append('-');
        hex(id, n & 0xffff, 4).append("-4");
        hex(id, n & 0xfff, 3).append("-8");
        hex(id, (n >> 12) & 0xfff, 3).append('-');
        return hex(id, n, 12).toString();
    }

    private static StringBuilder hex(StringBuilder out, long value, int digits) {
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            out.append(Character.forDigit((int) (value >>> shift) & 0xf, 16));
        }
        return out;
    }

    private static void ingestBuffered(Path dir, long total) throws Exception {
        delete(dir);
        double ddMBps = dd(dir.getParent());
        int threads = 2;
        int batch = 1000;
        AtomicLong next = new AtomicLong();
        long start = System.nanoTime();
        try (EventStore store = NaiveEventStore.open(new NaiveStoreConfig(dir, null, null, null, null))) {
            runThreads(threads, () -> {
                List<Event> events = new ArrayList<>(batch);
                for (long first = next.getAndAdd(batch); first < total; first = next.getAndAdd(batch)) {
                    events.clear();
                    for (long n = first; n < Math.min(total, first + batch); n++) {
                        events.add(event(n, total));
                    }
                    store.saveAll(events);
                }
            });
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long bytes = dataBytes(dir);
        System.out.printf(Locale.ROOT, "ingest-buffered events=%d bytes=%d seconds=%.2f events/s=%.0f MB/s=%.1f "
                        + "dd-fdatasync-MB/s=%.1f ratio=%.2f avg-record-bytes=%.0f%n", total, bytes, seconds,
                total / seconds, bytes / seconds / 1e6, ddMBps, bytes / seconds / 1e6 / ddMBps,
                (double) bytes / total);
    }

    /** Buffered ingest of events made before the clock starts: the store's own cost, without the generator's. */
    private static void ingestPregenerated(Path dir, int total) throws Exception {
        delete(dir);
        List<Event> events = new ArrayList<>(total);
        for (int n = 0; n < total; n++) {
            events.add(event(n, total));
        }
        for (int threads : new int[] {1, 2}) {
            delete(dir);
            int batch = 1000;
            AtomicLong next = new AtomicLong();
            long start = System.nanoTime();
            try (EventStore store = NaiveEventStore.open(new NaiveStoreConfig(dir, null, null, null, null))) {
                runThreads(threads, () -> {
                    for (long first = next.getAndAdd(batch); first < total; first = next.getAndAdd(batch)) {
                        store.saveAll(events.subList((int) first, (int) Math.min(total, first + batch)));
                    }
                });
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long bytes = dataBytes(dir);
            System.out.printf(Locale.ROOT, "ingest-pregenerated threads=%d events=%d seconds=%.2f events/s=%.0f "
                    + "MB/s=%.1f%n", threads, total, seconds, total / seconds, bytes / seconds / 1e6);
        }
        delete(dir);
    }

    private static void queries(Path dir, long total) throws Exception {
        long openStart = System.nanoTime();
        try (NaiveEventStore store = NaiveEventStore.open(new NaiveStoreConfig(dir, null, null, null, null))) {
            System.out.printf(Locale.ROOT, "open-store events=%d files=%d seconds=%.3f%n", total,
                    dataFileCount(dir), (System.nanoTime() - openStart) / 1e9);
            long bytes = dataBytes(dir);
            fullScan(store, bytes, "warm-up (re-reads the data)");
            for (int round = 0; round < 3; round++) {
                fullScan(store, bytes, "full-scan");
            }
            String pattern = "ERROR.*timeout";
            regexScan(store, bytes, pattern, "warm-up");
            regexScan(store, bytes, pattern, "regex-scan");
            grep(dir, bytes, pattern);
            regexScan(store, bytes, pattern, "regex-scan");
            grep(dir, bytes, pattern);
            rangeQueries(store, total);
            gets(store, total);
        }
    }

    private static void fullScan(EventStore store, long bytes, String label) {
        long start = System.nanoTime();
        long count;
        try (Stream<Event> stream = store.search(EventQuery.all())) {
            count = stream.count();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "%s events=%d seconds=%.2f MB/s=%.0f events/s=%.0f%n", label, count, seconds,
                bytes / seconds / 1e6, count / seconds);
    }

    private static void regexScan(EventStore store, long bytes, String pattern, String label) {
        long start = System.nanoTime();
        long count;
        try (Stream<Event> stream = store.search(EventQuery.builder().content(pattern).build())) {
            count = stream.count();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "%s pattern=%s matches=%d seconds=%.2f MB/s=%.0f%n", label, pattern, count,
                seconds, bytes / seconds / 1e6);
    }

    private static void grep(Path dir, long bytes, String pattern) throws Exception {
        long start = System.nanoTime();
        Process grep = new ProcessBuilder("sh", "-c", "cd '" + dir + "' && ls | grep -E '^[0-9]+-[0-9]+$' "
                + "| xargs grep -h -c '" + pattern + "' | awk '{s+=$1} END {print s}'").redirectErrorStream(true)
                .start();
        String out = new String(grep.getInputStream().readAllBytes()).trim();
        grep.waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "grep-c pattern=%s matches=%s seconds=%.2f MB/s=%.0f%n", pattern, out, seconds,
                bytes / seconds / 1e6);
    }

    private static void rangeQueries(EventStore store, long total) {
        Random random = new Random(1);
        int rounds = 300;
        long[] nanos = new long[rounds];
        long results = 0;
        for (int i = -50; i < rounds; i++) {
            long from = BASE_SECOND + random.nextInt((int) SPAN_SECONDS - 60);
            EventQuery query = EventQuery.builder().start(Instant.ofEpochSecond(from))
                    .end(Instant.ofEpochSecond(from + 60)).build();
            long start = System.nanoTime();
            long count;
            try (Stream<Event> stream = store.search(query)) {
                count = stream.count();
            }
            if (i >= 0) {
                nanos[i] = System.nanoTime() - start;
                results += count;
            }
        }
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "range-1min store-events=%d avg-results=%d p50-ms=%.2f p99-ms=%.2f "
                        + "max-ms=%.2f%n", total, results / rounds, nanos[rounds / 2] / 1e6,
                nanos[rounds * 99 / 100] / 1e6, nanos[rounds - 1] / 1e6);
    }

    private static void gets(EventStore store, long total) {
        Random random = new Random(2);
        int rounds = 200_000;
        long[] nanos = new long[rounds];
        for (int i = -20_000; i < rounds; i++) {
            String id = id((long) (random.nextDouble() * total));
            long start = System.nanoTime();
            store.get(id);
            if (i >= 0) {
                nanos[i] = System.nanoTime() - start;
            }
        }
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "get store-events=%d p50-us=%.1f p99-us=%.1f p999-us=%.1f max-us=%.1f%n", total,
                nanos[rounds / 2] / 1e3, nanos[rounds * 99 / 100] / 1e3, nanos[rounds * 999 / 1000] / 1e3,
                nanos[rounds - 1] / 1e3);
    }

    private static void sync(Path dir, int threads, Duration duration) throws Exception {
        delete(dir);
        AtomicLong next = new AtomicLong();
        long total = 1_000_000_000L;
        long[] elapsed = new long[1];
        try (EventStore store = NaiveEventStore.open(new NaiveStoreConfig(dir, null, Duration.ZERO, null, null))) {
            for (int n = 0; n < 2000; n++) {
                store.save(event(next.getAndIncrement(), total));
            }
            long counted = next.get();
            long start = System.nanoTime();
            long deadline = start + duration.toNanos();
            runThreads(threads, () -> {
                while (System.nanoTime() < deadline) {
                    store.save(event(next.getAndIncrement(), total));
                }
            });
            elapsed[0] = System.nanoTime() - start;
            long saved = next.get() - counted;
            System.out.printf(Locale.ROOT, "ingest-sync writers=%d events=%d seconds=%.2f events/s=%.0f%n", threads,
                    saved, elapsed[0] / 1e9, saved / (elapsed[0] / 1e9));
        }
        delete(dir);
    }

    /** The floor under synchronous saves: one 260-byte write plus {@code fdatasync}, 2000 times, one thread. */
    private static void fsyncProbe(Path root) throws IOException {
        Files.createDirectories(root);
        Path probe = root.resolve("fsync-probe");
        byte[] record = new byte[260];
        Arrays.fill(record, (byte) 'x');
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(probe,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE)) {
            long start = System.nanoTime();
            for (int i = 0; i < 2000; i++) {
                channel.write(java.nio.ByteBuffer.wrap(record), (long) i * record.length);
                channel.force(false);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "fsync-probe write+fdatasync/s=%.0f (%.3f ms each)%n", 2000 / seconds,
                    seconds / 2000 * 1e3);
        }
        Files.delete(probe);
    }

    @SuppressWarnings("try") // opening (and closing) the store is what is timed
    private static void openManyFiles(Path dir, int files) throws Exception {
        delete(dir);
        try (EventStore store = NaiveEventStore.open(new NaiveStoreConfig(dir, null, null, null, null))) {
            List<Event> batch = new ArrayList<>();
            long total = (long) files * 10;
            for (long n = 0; n < total; n++) {
                Event base = event(n, total);
                batch.add(new Event(base.id(), Instant.ofEpochSecond(BASE_SECOND + (n / 10) * 60, n % 10),
                        base.source(), base.tags(), base.content()));
                if (batch.size() == 1000) {
                    store.saveAll(batch);
                    batch.clear();
                }
            }
        }
        for (int round = 0; round < 3; round++) {
            long start = System.nanoTime();
            try (EventStore store = NaiveEventStore.open(new NaiveStoreConfig(dir, null, null, null, null))) {
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf(Locale.ROOT, "open files=%d events=%d seconds=%.3f (with .theia/catalog)%n",
                        dataFileCount(dir), (long) files * 10, seconds);
            }
        }
        Files.deleteIfExists(dir.resolve(".theia").resolve("catalog"));
        long start = System.nanoTime();
        try (EventStore store = NaiveEventStore.open(new NaiveStoreConfig(dir, null, null, null, null))) {
            System.out.printf(Locale.ROOT, "open files=%d seconds=%.3f (no catalog: every file read)%n",
                    dataFileCount(dir), (System.nanoTime() - start) / 1e9);
        }
        delete(dir);
    }

    /**
     * Runs a phase in a new JVM with this one's options, as a collector restarted on the data would read it: the
     * ingest before it leaves this JVM's heap and compiled code shaped by writing.
     */
    private static void inFreshJvm(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), NaiveStoreBench.class.getName()));
        command.addAll(List.of(args));
        int exit = new ProcessBuilder(command).inheritIO().start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("phase " + args[0] + " failed with exit code " + exit);
        }
    }

    private static double dd(Path dir) throws Exception {
        Files.createDirectories(dir);
        Path target = dir.resolve("dd.bin");
        Process dd = new ProcessBuilder("dd", "if=/dev/zero", "of=" + target, "bs=1M", "count=2048",
                "conv=fdatasync").redirectErrorStream(true).start();
        String out = new String(dd.getInputStream().readAllBytes());
        dd.waitFor();
        Files.deleteIfExists(target);
        String last = out.trim().substring(out.trim().lastIndexOf('\n') + 1);
        System.out.println("dd: " + last);
        String[] parts = last.split(",");
        String seconds = parts[parts.length - 2].trim().split(" ")[0];
        return 2048.0 * 1024 * 1024 / Double.parseDouble(seconds) / 1e6;
    }

    private static void runThreads(int count, Runnable body) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(count);
        RuntimeException[] failure = new RuntimeException[1];
        for (int i = 0; i < count; i++) {
            Thread thread = new Thread(() -> {
                try {
                    body.run();
                } catch (RuntimeException e) {
                    failure[0] = e;
                } finally {
                    done.countDown();
                }
            });
            thread.start();
        }
        done.await();
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    private static long dataBytes(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(path -> path.getFileName().toString().matches("\\d+-\\d+")).mapToLong(path -> {
                try {
                    return Files.size(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        }
    }

    private static long dataFileCount(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(path -> path.getFileName().toString().matches("\\d+-\\d+")).count();
        }
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
