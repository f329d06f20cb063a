package io.theia.core.internal.forward;

import static io.theia.api.testkit.PluginArchive.plugin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.theia.api.event.Event;
import io.theia.api.testkit.PluginArchive;
import io.theia.core.internal.config.Configuration;
import io.theia.core.internal.config.ConfigurationException;
import io.theia.core.internal.config.ForwardConfig;
import io.theia.core.internal.plugins.HostServices;
import io.theia.core.internal.runtime.AgentRuntime;
import io.theia.core.internal.runtime.CollectorForwarding;
import io.theia.core.internal.runtime.TheiaRuntime;
import io.theia.core.testplugins.TickConfig;
import io.theia.core.testplugins.TickSource;
import io.theia.core.testplugins.TickSourceFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime as an agent: configuration of the {@code forward} section and sources delivering to a collector. */
class AgentRuntimeTest {

    @TempDir
    Path dir;

    private Path plugins;
    private final HostServices services = HostServices.named("agent-host");

    @BeforeEach
    void writePlugins() throws Exception {
        plugins = dir.resolve("plugins");
        PluginArchive.memoryStore().writeTo(plugins);
        plugin("tick-source").extensions(TickSourceFactory.class).classes(TickSource.class, TickConfig.class)
                .writeTo(plugins);
    }

    @Test
    void anAgentForwardsItsSourcesToTheCollectorAndKeepsNoStoreAndNoServer() throws Exception {
        try (TestCollector collector = TestCollector.started()) {
            Configuration configuration = config("""
                    forward:
                      host: 127.0.0.1
                      port: %d
                      acknowledge: true
                      batch: {maxEvents: 20, maxBytes: 65536, linger: 5ms}
                      retry: {initialBackoff: 50ms, maxBackoff: 1s}
                    sources:
                      - {type: tick, name: ticker, count: 95, prefix: t, tags: [demo]}
                    """.formatted(collector.port()));
            assertThat(configuration.agent()).isTrue();
            assertThat(configuration.storeType()).isEqualTo(Configuration.NO_STORE);

            try (TheiaRuntime runtime = TheiaRuntime.start(configuration, services)) {
                assertThat(runtime.store()).isEmpty();
                assertThat(runtime.server()).isEmpty();
                AgentRuntime agent = (AgentRuntime) runtime;
                assertThat(agent.forwarding()).isInstanceOf(CollectorForwarding.class);
                assertThat(agent.sink()).isSameAs(agent.forwarding().sink()).isInstanceOf(ForwardingSink.class);
                Path acked = dir.resolve("state/sources/ticker/acked.txt");
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        assertThat(Files.exists(acked) ? Files.readAllLines(acked) : List.of()).hasSize(95));
                assertThat(collector.stored()).hasSize(95).allSatisfy(event ->
                        assertThat(event.tags()).containsExactly("demo", "agent-host"));
                assertThat(Files.readAllLines(acked)).allSatisfy(id -> assertThat(collector.store.get(id))
                        .extracting(Event::id).isEqualTo(id));
                assertThat(services.metrics().scrape()).contains("theia_forward_events_acknowledged_total 95.0");
            }
            assertThat(services.metrics().scrape()).doesNotContain("theia_forward_");
        }
    }

    /** An agent has no collector server; its status listener is how /health and its metrics are scraped. */
    @Test
    void anAgentsStatusListenerAnswersHealthAndMetrics() throws Exception {
        try (TestCollector collector = TestCollector.started()) {
            Configuration configuration = config("""
                    forward: {host: 127.0.0.1, port: %d, acknowledge: true}
                    status: {port: 0}
                    sources:
                      - {type: tick, name: ticker, count: 5, prefix: s}
                    """.formatted(collector.port()));

            try (TheiaRuntime agent = TheiaRuntime.start(configuration, services)) {
                URI base = URI.create("http://127.0.0.1:" + agent.statusServer().orElseThrow().port());
                await().atMost(Duration.ofSeconds(30)).until(() -> collector.stored().size() == 5);
                HttpResponse<String> health = get(base.resolve("/health"));
                HttpResponse<String> metrics = get(base.resolve("/metrics"));

                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(health.body()).contains("\"mode\":\"agent\"", "\"delivery\":\"acknowledged\"",
                        "\"collector\":\"ws://127.0.0.1:" + collector.port());
                assertThat(metrics.statusCode()).isEqualTo(200);
                assertThat(metrics.body()).contains("theia_forward_events_acknowledged_total 5.0");
            }
        }
        assertThat(config("forward: {host: h}").core().status().enabled()).isFalse();
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theForwardSectionBindsWithDefaults() throws Exception {
        ForwardConfig forward = config("forward: {host: collector.example, acknowledge: false}").core().forward();

        assertThat(forward.port()).isEqualTo(6433);
        assertThat(forward.acknowledge()).isEqualTo("false");
        assertThat(forward.ackTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(forward.batch().maxEvents()).isEqualTo(5000);
        assertThat(forward.batch().maxBytes()).isEqualTo(1024 * 1024);
        assertThat(forward.batch().linger()).isEqualTo(Duration.ofMillis(20));
        assertThat(forward.retry().initialBackoff()).isEqualTo(Duration.ofMillis(100));
        assertThat(forward.retry().maxBackoff()).isEqualTo(Duration.ofSeconds(10));
        assertThat(forward.maxInFlight()).isEqualTo(64);
        assertThat(forward.maxPendingBytes()).isEqualTo(64L * 1024 * 1024);
        assertThat(forward.closeTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config("forward: {host: h}").core().forward().acknowledge()).isEqualTo("auto");
        assertThat(config("server: {port: 7000}").agent()).isFalse();
    }

    @Test
    void badForwardSettingsAreReportedWithTheirKeys() {
        assertThatThrownBy(() -> config("forward: {host: h, acknowledge: sometimes}"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("acknowledge must be auto, true or false, not 'sometimes'");
        assertThatThrownBy(() -> config("forward: {host: h, retry: {maxBackoff: 1ms}}"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("forward.retry (theia core): "
                        + "maxBackoff (PT0.001S) must not be shorter than initialBackoff (PT0.1S)");
        assertThatThrownBy(() -> config("forward: {host: h, batch: {maxEvnts: 3}}"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("unknown key 'maxEvnts'");
    }

    @Test
    void anAgentRefusesALocalStoreOrServer() throws Exception {
        Configuration withStore = config("""
                forward: {host: 127.0.0.1}
                store: {type: memory}
                server: {enabled: true}
                """);

        assertThatThrownBy(() -> TheiaRuntime.start(withStore, services))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("store.type (theia core): an agent (forward.host is set) keeps no events")
                .hasMessageContaining("server.enabled (theia core): an agent (forward.host is set) runs no "
                        + "collector server");
    }

    private Configuration config(String yaml) throws Exception {
        Path file = Files.createTempFile(dir, "theia", ".yaml");
        Files.writeString(file, yaml + "\nstateDir: " + dir.resolve("state") + "\nplugins:\n  directories: ["
                + plugins + "]\n");
        return Configuration.load(file, Map.of(), Map.of());
    }
}
