package io.theia.launcher;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.theia.core.internal.client.ClientSecurity;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.theia.core.internal.client.CollectorClient;
import io.theia.core.internal.security.SelfSignedCertificate;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code theia bench}: end-to-end measurements of a collector — ingest, find, live latency — against one it
 * starts (the naive store in a temporary directory, on a free port) or one given by {@code --url}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Measure a collector end to end: ingest, find and live latency.")
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--url", paramLabel = "URL",
            description = "Collector to measure, e.g. ws://127.0.0.1:6433 or wss://…; default: start one here "
                    + "(with --tls: speaking TLS with a self-signed certificate made for the run, its ciphers from "
                    + "--tls-provider like the client's).")
    URI url;

    @Option(names = "--store", paramLabel = "TYPE", defaultValue = "naive",
            description = "Store of the collector started here (default: ${DEFAULT-VALUE}).")
    String store;

    @Option(names = "--scenarios", paramLabel = "NAME", split = ",", defaultValue = "ingest,find,live",
            description = "Which measurements: ingest, find, live (default: ${DEFAULT-VALUE}).")
    List<String> scenarios;

    @Option(names = "--count", paramLabel = "N", defaultValue = "200000",
            description = "Events to ingest (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--connections", paramLabel = "N", defaultValue = "4",
            description = "Connections to ingest over (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "100",
            description = "Events per message when ingesting (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--event-size", paramLabel = "BYTES", defaultValue = "250",
            description = "Approximate content size of each event (default: ${DEFAULT-VALUE}).")
    int eventSize;

    @Option(names = "--subscribers", paramLabel = "N", defaultValue = "10",
            description = "Live subscribers in the live measurement (default: ${DEFAULT-VALUE}).")
    int subscribers;

    @Option(names = "--live-rate", paramLabel = "PER_SECOND", defaultValue = "10000",
            description = "Events per second in the live measurement (default: ${DEFAULT-VALUE}).")
    int liveRate;

    @Option(names = "--live-duration", paramLabel = "DURATION", defaultValue = "PT5S",
            description = "Length of the live measurement, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration liveDuration;

    @Option(names = "--live-warmup", paramLabel = "DURATION", defaultValue = "PT5S",
            description = "Unmeasured live run at the same rate before the live measurement, so that its code is "
                    + "compiled when measured, ISO-8601; PT0S for none (default: ${DEFAULT-VALUE}).")
    Duration liveWarmup;

    @Option(names = "--json", description = "Print the results as JSON.")
    boolean json;

    @Mixin
    ClientOptions clientOptions = new ClientOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Progress progress = new Progress(spec.commandLine().getErr());
        List<BenchResult> results = new ArrayList<>();
        Path dataDir = url == null ? Files.createTempDirectory("theia-bench") : null;
        try (Theia collector = url == null ? startCollector(dataDir) : null) {
            URI target = url != null ? url : collector.serverUri().orElseThrow();
            ClientSecurity security = clientOptions.security(System.getenv());
            if (url == null && clientOptions.tls() && clientOptions.caBundle == null) {
                // the collector started here uses a self-signed certificate made for this run
                security = new ClientSecurity(dataDir.resolve("tls/self-signed.pem"), security.certificate(),
                        security.key(), security.token(), security.trustAnyCertificate(), security.provider());
            }
            try (CollectorClient client = new CollectorClient(target, Duration.ofSeconds(10), security)) {
                Benchmarks benchmarks = new Benchmarks(client, progress, eventSize);
                if (scenarios.contains("ingest")) {
                    results.add(benchmarks.ingest(count, connections, batch));
                }
                if (scenarios.contains("find")) {
                    results.add(benchmarks.find());
                }
                if (scenarios.contains("live")) {
                    if (!liveWarmup.isZero()) {
                        benchmarks.live(subscribers, liveRate, liveWarmup);
                    }
                    results.add(benchmarks.live(subscribers, liveRate, liveDuration));
                }
            }
        } finally {
            if (dataDir != null) {
                Directories.deleteRecursively(dataDir);
            }
        }
        print(out, results);
        return 0;
    }

    private Theia startCollector(Path dataDir) {
        TheiaLauncher.Builder builder = TheiaLauncher.builder();
        if (clientOptions.tls()) {
            SelfSignedCertificate tls = SelfSignedCertificate.write(dataDir.resolve("tls"));
            builder.set("security.tls.certificate", tls.certificate().toString())
                    .set("security.tls.key", tls.key().toString())
                    .set("security.tls.provider", clientOptions.provider(System.getenv()).toString());
        }
        return builder
                .environment(Map.of())
                .set("store.type", store)
                .set("store.dataDir", dataDir.toString())
                .set("server.host", "127.0.0.1")
                .set("server.port", 0)
                .set("stateDir", dataDir.resolve("state").toString())
                .pluginDirectoriesOf(System.getProperty("theia.home"))
                .start();
    }

    private void print(PrintWriter out, List<BenchResult> results) throws Exception {
        if (json) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            results.forEach(result -> array.add(result.toJson()));
            out.println(array.toPrettyString());
        } else {
            out.println(BenchResult.header());
            results.forEach(result -> out.println(result.row()));
        }
        out.flush();
    }
}
