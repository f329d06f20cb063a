package io.theia.core.internal.runtime;

import static io.theia.api.testkit.TestEvents.event;
import static io.theia.api.testkit.PluginArchive.plugin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import io.theia.api.testkit.InMemoryEventStore;
import io.theia.core.internal.client.CollectorClient;
import io.theia.core.internal.client.EventPusher;
import io.theia.core.internal.client.PushOptions;
import io.theia.core.internal.config.Configuration;
import io.theia.core.internal.plugins.HostServices;
import io.theia.core.internal.server.CollectorServer;
import io.theia.core.internal.server.ServerException;
import io.theia.core.testplugins.MemoryStoreConfig;
import io.theia.core.testplugins.MemoryStoreFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime with its collector server: wiring, health and metrics over real HTTP. */
class CollectorRuntimeTest {

    @TempDir
    Path dir;

    private Path plugins;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final HostServices services = HostServices.named("test-host");

    @BeforeEach
    void writePlugins() throws Exception {
        plugins = dir.resolve("plugins");
        plugin("memory-store").extensions(MemoryStoreFactory.class)
                .classes(MemoryStoreConfig.class, InMemoryEventStore.class).writeTo(plugins);
    }

    @Test
    void runtimeServesTheApiOnAFreePortAndStopsTheServerWhenClosed() throws Exception {
        TheiaRuntime runtime = TheiaRuntime.start(config("store: {type: memory}"), services);
        CollectorServer server = runtime.server().orElseThrow();
        assertThat(server.port()).isPositive().isNotEqualTo(6433);
        try (CollectorClient client = new CollectorClient(server.uri(), Duration.ofSeconds(10))) {
            try (EventPusher pusher = client.pusher(PushOptions.defaults(true))) {
                pusher.push(List.of(event("a", 1, "hello", "web"), event("b", 2, "world"))).get(10, TimeUnit.SECONDS);
            }
            assertThat(client.findAll(EventQuery.builder().tags("web").build())).extracting(Event::id)
                    .containsExactly("a");
            assertThat(runtime.store().orElseThrow().get("b").content()).isEqualTo("world");

            HttpResponse<String> health = get(server, "/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/json"));
            assertThat(health.body()).isEqualTo("{\"status\":\"ok\",\"store\":\"memory\",\"auth\":\"none\",\"tls\":false}");

            HttpResponse<String> metrics = get(server, "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains(
                    "theia_events_received_total 2.0",
                    "theia_events_stored_total 2.0",
                    "theia_events_rejected_total 0.0",
                    "theia_messages_rejected_total 0.0",
                    "theia_received_bytes_total ",
                    "theia_store_save_seconds_count 1",
                    "theia_store_save_seconds_sum ",
                    "theia_live_subscribers 0.0",
                    "theia_live_dropped_total 0.0",
                    "theia_connections_open ",
                    "theia_searches_total 1.0");
            assertThat(get(server, "/nothing-here").statusCode()).isEqualTo(404);
        }

        int port = server.port();
        runtime.close();

        assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .build(), HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
    }

    @Test
    void healthIs503WithAReasonWhenTheStoreIsNotUsable() throws Exception {
        try (TheiaRuntime runtime = TheiaRuntime.start(config("store: {type: memory}"), services)) {
            CollectorServer server = runtime.server().orElseThrow();
            assertThat(get(server, "/health").statusCode()).isEqualTo(200);

            runtime.store().orElseThrow().close();

            HttpResponse<String> health = get(server, "/health");
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body()).startsWith("{\"status\":\"unavailable\",\"reason\":\"store 'memory' is not "
                    + "usable: ");
        }
    }

    @Test
    void liveOnlyCollectorIsHealthyAndADisabledServerIsNotStarted() throws Exception {
        try (TheiaRuntime runtime = TheiaRuntime.start(config("store: {type: none}"), services)) {
            HttpResponse<String> health = get(runtime.server().orElseThrow(), "/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"store\":\"none (live only)\"");
        }
        Configuration disabled = Configuration.load(file("store: {type: memory}"), Map.of(),
                Map.of("server.enabled", "false"));
        try (TheiaRuntime runtime = TheiaRuntime.start(disabled, services)) {
            assertThat(runtime.server()).isEmpty();
        }
    }

    /** A port in use was once reported as "Failed to bind to …" without the reason. */
    @Test
    void aPortInUseIsReportedWithItsCause() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Configuration configuration = Configuration.load(file("store: {type: memory}"), Map.of(),
                    Map.of("server.port", Integer.toString(taken.getLocalPort())));

            assertThatThrownBy(() -> TheiaRuntime.start(configuration, services))
                    .isInstanceOf(ServerException.class)
                    .hasMessageStartingWith("cannot start the collector server on 127.0.0.1:" + taken.getLocalPort())
                    .hasMessageContaining("Address already in use");
        }
    }

    private HttpResponse<String> get(CollectorServer server, String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + server.port() + path);
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private Configuration config(String yaml) throws Exception {
        return Configuration.load(file(yaml), Map.of(), Map.of());
    }

    private Path file(String yaml) throws Exception {
        Path file = Files.createTempFile(dir, "theia", ".yaml");
        Files.writeString(file, yaml + "\nstateDir: " + dir.resolve("state") + "\nplugins:\n  directories: ["
                + plugins + "]\nserver: {host: 127.0.0.1, port: 0}\n");
        return file;
    }
}
