package io.theia.source.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.resource.v1.Resource;
import io.theia.core.internal.config.Configuration;
import io.theia.core.internal.plugins.HostServices;
import io.theia.core.internal.runtime.TheiaRuntime;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OTLP throughput benchmark of docs/benchmarks.md, run only when asked for ({@code -Dtheia.otlp.bench=SECONDS}):
 * a collector with the naive store (default settings) and this plugin's archive, and 4 exporters that each POST
 * OTLP/HTTP protobuf requests of 512 log records (about 250 bytes each) in a loop, one at a time, as the
 * OpenTelemetry SDKs' batch processors do. A request counts once it is answered 200, which is after the store has the
 * records on disk. Every record is new: the exporters rewrite the records' timestamps in the serialized request
 * before each send (so the client spends no time encoding). Prints records/s, the CPU time the process (collector and
 * exporters) spent per record, which depends less on what else runs on the machine, and the load average.
 */
@EnabledIfSystemProperty(named = "theia.otlp.bench", matches = "\\d+")
class OtlpThroughputIT {

    private static final Path ARCHIVE = Path.of(System.getProperty("theia.otlp.plugin", "target/missing.zip"));
    private static final Path NAIVE_STORE = Path.of(System.getProperty("theia.naive.plugin", "target/missing.jar"));
    private static final int EXPORTERS = Integer.getInteger("theia.otlp.bench.exporters", 4);
    private static final int BATCH = Integer.getInteger("theia.otlp.bench.batch", 512);
    /** The source's {@code threads}; empty: its default. */
    private static final String THREADS = System.getProperty("theia.otlp.bench.threads", "");
    private static final long MARKER = 0x0123_4567_0000_0000L;

    @TempDir
    Path dir;

    @Test
    void protobufBatchesFromConcurrentExportersIntoTheNaiveStore() throws Exception {
        int seconds = Integer.getInteger("theia.otlp.bench");
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.copy(ARCHIVE, plugins.resolve(ARCHIVE.getFileName()));
        Files.copy(NAIVE_STORE, plugins.resolve(NAIVE_STORE.getFileName()));
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path config = Files.writeString(dir.resolve("theia.yaml"), """
                store: {type: naive, dataDir: '%s'}
                sources:
                  - {type: otlp, name: otlp-bench, host: 127.0.0.1, port: %d%s}
                stateDir: '%s'
                plugins: {directories: ['%s']}
                server: {host: 127.0.0.1, port: 0}
                """.formatted(dir.resolve("data"), port, THREADS.isEmpty() ? "" : ", threads: " + THREADS,
                        dir.resolve("state"), plugins));

        try (TheiaRuntime runtime = TheiaRuntime.start(Configuration.load(config, Map.of(), Map.of()),
                HostServices.named("bench-host"))) {
            byte[] template = template().toByteArray();
            int[] offsets = timeOffsets(template);
            URI uri = URI.create("http://127.0.0.1:" + port + "/v1/logs");
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            AtomicBoolean counting = new AtomicBoolean();
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong records = new AtomicLong();
            ExecutorService exporters = Executors.newFixedThreadPool(EXPORTERS);
            List<Future<Void>> done = new ArrayList<>();
            for (int e = 0; e < EXPORTERS; e++) {
                int exporter = e;
                done.add(exporters.submit((Callable<Void>) () -> {
                    byte[] body = template.clone();
                    long epochNanos = System.currentTimeMillis() * 1_000_000L;
                    long start = System.nanoTime();
                    while (running.get()) {
                        // Unique per exporter and request: requests of one exporter are more than 4 µs apart.
                        long base = (epochNanos + System.nanoTime() - start) & ~0xfffL;
                        for (int i = 0; i < offsets.length; i++) {
                            writeLong(body, offsets[i], base + (long) i * EXPORTERS + exporter);
                        }
                        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(uri)
                                .header("Content-Type", "application/x-protobuf")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                                HttpResponse.BodyHandlers.discarding());
                        if (response.statusCode() != 200) {
                            throw new AssertionError("answered " + response.statusCode());
                        }
                        if (counting.get()) {
                            records.addAndGet(offsets.length);
                        }
                    }
                    return null;
                }));
            }
            Thread.sleep(5_000);
            var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean();
            counting.set(true);
            long begin = System.nanoTime();
            long cpuBegin = os.getProcessCpuTime();
            Thread.sleep(seconds * 1_000L);
            long counted = records.get();
            long cpu = os.getProcessCpuTime() - cpuBegin;
            double elapsed = (System.nanoTime() - begin) / 1e9;
            running.set(false);
            for (Future<Void> exporter : done) {
                exporter.get();
            }
            exporters.shutdown();
            String load = Files.readString(Path.of("/proc/loadavg")).strip();
            String line = String.format("OTLP/HTTP protobuf, %d exporters, %d records/request (%d bytes), source "
                    + "threads %s: %.0f records/s over %.1f s; process CPU %.2f µs/record (exporters included), %.2f cores busy; "
                    + "load average %s", EXPORTERS, BATCH, template.length, THREADS.isEmpty() ? "default" : THREADS,
                    counted / elapsed, elapsed,
                    cpu / 1e3 / counted, cpu / 1e9 / elapsed, load);
            System.out.println(line);
            Files.writeString(Path.of("target", "otlp-bench.txt"), line + "\n",
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            assertThat(counted).isPositive();
        }
    }

    /** One request of {@code BATCH} records whose times are {@code MARKER + i}, for finding them in the bytes. */
    private static ExportLogsServiceRequest template() {
        ScopeLogs.Builder scope = ScopeLogs.newBuilder().setScope(InstrumentationScope.newBuilder()
                .setName("io.example.shop.OrderService").setVersion("1.4.2"));
        for (int i = 0; i < BATCH; i++) {
            scope.addLogRecords(LogRecord.newBuilder().setTimeUnixNano(MARKER + i)
                    .setObservedTimeUnixNano(MARKER + i).setSeverityNumber(SeverityNumber.SEVERITY_NUMBER_INFO)
                    .setSeverityText("INFO")
                    .setBody(AnyValue.newBuilder().setStringValue("GET /api/orders/" + (100_000 + i)
                            + " 200 in 12 ms from 10.1.2.3 user=alice cart=7 items=3"))
                    .addAttributes(OtlpRequests.attribute("http.method", "GET"))
                    .addAttributes(OtlpRequests.attribute("http.status_code", 200))
                    .setTraceId(ByteString.fromHex("5b8efff798038103d269b633813fc60c"))
                    .setSpanId(ByteString.fromHex("eee19b7ec3c1b174")));
        }
        return ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(OtlpRequests.attribute("service.name", "shop"))
                        .addAttributes(OtlpRequests.attribute("host.name", "bench-host")))
                .addScopeLogs(scope)).build();
    }

    /** Where each record's {@code time_unix_nano} (field 1, fixed64: tag byte 0x09) sits in the bytes. */
    private static int[] timeOffsets(byte[] bytes) {
        int[] offsets = new int[BATCH];
        int found = 0;
        for (int at = 0; at + 9 <= bytes.length && found < BATCH; at++) {
            if (bytes[at] == 0x09 && readLong(bytes, at + 1) == MARKER + found) {
                offsets[found++] = at + 1;
                at += 8;
            }
        }
        assertThat(found).isEqualTo(BATCH);
        return offsets;
    }

    private static long readLong(byte[] bytes, int at) {
        long value = 0;
        for (int i = 7; i >= 0; i--) {
            value = value << 8 | (bytes[at + i] & 0xff);
        }
        return value;
    }

    private static void writeLong(byte[] bytes, int at, long value) {
        for (int i = 0; i < 8; i++) {
            bytes[at + i] = (byte) (value >>> (8 * i));
        }
    }
}
