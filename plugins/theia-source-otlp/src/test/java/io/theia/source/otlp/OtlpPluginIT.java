package io.theia.source.otlp;

import static io.theia.source.otlp.OtlpRequests.numbered;
import static io.theia.source.otlp.OtlpRequests.postProtobuf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.resources.Resource;
import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import io.theia.core.internal.client.CollectorClient;
import io.theia.core.internal.config.ConfigMappers;
import io.theia.core.internal.config.Configuration;
import io.theia.core.internal.plugins.HostServices;
import io.theia.core.internal.runtime.SourceInfo;
import io.theia.core.internal.runtime.TheiaRuntime;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged plugin archive in a running collector with the naive store: real OpenTelemetry exporters (the Java
 * SDK over http/protobuf, the JavaScript SDK over JSON from node) send logs, and the events come back from the
 * collector's {@code /find}. This module's classes are kept off the class path (see the pom). The node test installs
 * the npm packages into {@code target/npm} once; without node and npm it fails, it never skips.
 */
class OtlpPluginIT {

    private static final Path ARCHIVE = Path.of(System.getProperty("theia.otlp.plugin", "target/missing.zip"));
    private static final Path NAIVE_STORE = Path.of(System.getProperty("theia.naive.plugin", "target/missing.jar"));
    private static final Path NPM_DIR = Path.of(System.getProperty("theia.npm.dir", "target/npm")).toAbsolutePath();
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private Path plugins;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final HostServices services = new HostServices(Clock.systemDefaultZone(), "test-host", registry,
            ConfigMappers.json());

    @BeforeEach
    void installPlugins() throws Exception {
        plugins = dir.resolve("plugins");
        Files.createDirectories(plugins);
        Files.copy(ARCHIVE, plugins.resolve(ARCHIVE.getFileName()));
        Files.copy(NAIVE_STORE, plugins.resolve(NAIVE_STORE.getFileName()));
    }

    @Test
    void theArchiveBundlesProtobufAndListsTheFactory() throws Exception {
        try (ZipFile zip = new ZipFile(ARCHIVE.toFile())) {
            List<String> names = zip.stream().map(entry -> entry.getName()).toList();
            assertThat(names).contains("plugin.properties").anyMatch(name -> name.startsWith("lib/protobuf-java-"))
                    .anyMatch(name -> name.startsWith("lib/opentelemetry-proto-"))
                    .noneMatch(name -> name.contains("theia-api"));
            Path jar = dir.resolve("plugin.jar");
            String own = names.stream().filter(name -> name.startsWith("lib/theia-source-otlp-")).findFirst()
                    .orElseThrow();
            try (InputStream in = zip.getInputStream(zip.getEntry(own))) {
                Files.copy(in, jar);
            }
            try (JarFile plugin = new JarFile(jar.toFile())) {
                String index = new String(plugin.getInputStream(plugin.getEntry("META-INF/extensions.idx"))
                        .readAllBytes(), StandardCharsets.UTF_8);
                assertThat(index.lines()).contains("io.theia.source.otlp.OtlpSourceFactory");
            }
        }
        assertThat(getClass().getClassLoader().getResource("io/theia/source/otlp/OtlpSourceFactory.class")).isNull();
    }

    @Test
    void theJavaSdkSendsLogsThatComeBackFromFindWithNanosecondTimestamps() throws Exception {
        int port = freePort();
        Instant first = Instant.ofEpochSecond(1_767_225_600L, 123_456_789);
        try (TheiaRuntime runtime = start(port)) {
            assertThat(runtime.sources()).extracting(SourceInfo::name, SourceInfo::pluginId, SourceInfo::running)
                    .containsExactly(tuple("otlp-in", "theia-source-otlp", true));
            OtlpHttpLogRecordExporter exporter = OtlpHttpLogRecordExporter.builder()
                    .setEndpoint("http://127.0.0.1:" + port + "/v1/logs").build();
            try (SdkLoggerProvider provider = SdkLoggerProvider.builder()
                    .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "checkout")))
                    .addLogRecordProcessor(BatchLogRecordProcessor.builder(exporter).build()).build()) {
                for (int i = 0; i < 3; i++) {
                    provider.get("shop").logRecordBuilder().setTimestamp(first.plusNanos(i))
                            .setSeverity(Severity.ERROR).setSeverityText("ERROR").setBody("declined " + i)
                            .setAttribute(AttributeKey.longKey("attempt"), (long) i).emit();
                }
                assertThat(provider.forceFlush().join(30, TimeUnit.SECONDS).isSuccess()).isTrue();
            }

            try (CollectorClient client = client(runtime)) {
                List<Event> found = client.findAll(EventQuery.builder().tags("checkout").build());
                assertThat(found).extracting(Event::timestamp, Event::source, Event::tags, Event::content)
                        .containsExactly(
                                tuple(first, "checkout", List.of("ERROR", "checkout"), "declined 0 {\"attempt\":0}"),
                                tuple(first.plusNanos(1), "checkout", List.of("ERROR", "checkout"),
                                        "declined 1 {\"attempt\":1}"),
                                tuple(first.plusNanos(2), "checkout", List.of("ERROR", "checkout"),
                                        "declined 2 {\"attempt\":2}"));
            }
        }
    }

    @Test
    void aRetriedExportIsAnsweredOkStoresNothingNewAndIsCounted() throws Exception {
        int port = freePort();
        try (TheiaRuntime runtime = start(port)) {
            var export = numbered("retry", "line", 20, 1_767_225_600_000_000_000L);
            assertThat(postProtobuf(port, export).statusCode()).isEqualTo(200);

            var retried = postProtobuf(port, export);
            var overlapping = postProtobuf(port, numbered("retry", "line", 25, 1_767_225_600_000_000_000L));

            assertThat(retried.statusCode()).isEqualTo(200);
            assertThat(overlapping.statusCode()).isEqualTo(200);
            try (CollectorClient client = client(runtime)) {
                assertThat(client.findAll(EventQuery.builder().tags("retry").build())).hasSize(25)
                        .extracting(Event::id).doesNotHaveDuplicates();
            }
            assertThat(metric("theia_source_records_duplicate_total")).isEqualTo(40.0);
            assertThat(metric("theia_source_records_received_total")).isEqualTo(65.0);
        }
    }

    @Test
    void theJavaScriptSdkSendsJsonThatComesBackFromFind() throws Exception {
        installNodePackages();
        int port = freePort();
        try (TheiaRuntime runtime = start(port)) {
            Result node = run(List.of("node", NPM_DIR.resolve("otlp-logs.js").toString(),
                    "http://127.0.0.1:" + port + "/v1/logs", "node-shop"), 120);
            assertThat(node.exit()).as(node.output()).isZero();
            assertThat(node.output()).contains("{\"results\":[{\"code\":0},{\"code\":0}]}");

            try (CollectorClient client = client(runtime)) {
                assertThat(client.findAll(EventQuery.builder().tags("node-shop").build()))
                        .extracting(Event::timestamp, Event::tags, Event::content).containsExactly(
                                tuple(Instant.ofEpochSecond(1_767_225_600L, 123_456_789), List.of("ERROR", "node-shop"),
                                        "from node {\"user.id\":7}"),
                                tuple(Instant.ofEpochSecond(1_767_225_601L, 1), List.of("INFO", "node-shop"),
                                        "{\"structured\":true,\"n\":[1,2]}"));
            }
        }
    }

    private TheiaRuntime start(int port) throws Exception {
        Path config = Files.createTempFile(dir, "theia", ".yaml");
        Files.writeString(config, """
                store: {type: naive, dataDir: '%s'}
                sources:
                  - type: otlp
                    name: otlp-in
                    host: 127.0.0.1
                    port: %d
                stateDir: '%s'
                plugins:
                  directories: ['%s']
                server: {host: 127.0.0.1, port: 0}
                """.formatted(dir.resolve("data"), port, dir.resolve("state"), plugins));
        return TheiaRuntime.start(Configuration.load(config, Map.of(), Map.of()), services);
    }

    private static CollectorClient client(TheiaRuntime runtime) {
        return new CollectorClient(runtime.server().orElseThrow().uri(), PATIENCE);
    }

    private double metric(String name) {
        Matcher value = Pattern.compile("(?m)^" + name + "\\{[^}]*source=\"otlp-in\"[^}]*} (\\S+)$")
                .matcher(registry.scrape());
        assertThat(value.find()).as(name + " in\n" + registry.scrape()).isTrue();
        return Double.parseDouble(value.group(1));
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void installNodePackages() throws Exception {
        Files.createDirectories(NPM_DIR);
        try (InputStream script = OtlpPluginIT.class.getResourceAsStream("/node/otlp-logs.js")) {
            Files.copy(script, NPM_DIR.resolve("otlp-logs.js"), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.exists(NPM_DIR.resolve("node_modules/@opentelemetry/exporter-logs-otlp-http/package.json"))) {
            Result install = run(List.of("npm", "install", "--prefix", NPM_DIR.toString(), "--no-audit", "--no-fund",
                    "--no-save", "@opentelemetry/exporter-logs-otlp-http@0.223.1", "@opentelemetry/sdk-logs@0.223.1",
                    "@opentelemetry/api-logs@0.223.1", "@opentelemetry/resources@2.12.1"), 300);
            assertThat(install.exit()).as("npm install failed:\n" + install.output()).isZero();
        }
    }

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> command, int timeoutSeconds) throws Exception {
        Process process;
        try {
            process = new ProcessBuilder(new ArrayList<>(command)).directory(NPM_DIR.toFile())
                    .redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            throw new AssertionError("cannot run " + command.get(0) + " (node 20 and npm are required for this "
                    + "test): " + e.getMessage(), e);
        }
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish within " + timeoutSeconds + " s:\n" + output);
        }
        return new Result(process.exitValue(), output);
    }
}
