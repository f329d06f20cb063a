package io.theia.core.internal.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import io.theia.api.testkit.InMemoryEventStore;
import io.theia.core.internal.config.ForwardBatchConfig;
import io.theia.core.internal.config.ForwardConfig;
import io.theia.core.internal.config.ForwardRetryConfig;
import io.theia.core.internal.config.ForwardTlsConfig;
import io.theia.core.internal.config.SecurityConfig;
import io.theia.core.internal.config.ServerConfig;
import io.theia.core.internal.config.TlsConfig;
import io.theia.core.internal.pipeline.IngestPipeline;
import io.theia.core.internal.pipeline.LiveHub;
import io.theia.core.internal.security.Role;
import io.theia.core.internal.security.TestCertificates;
import io.theia.core.internal.security.TokenFile;
import io.theia.core.internal.server.CollectorServer;
import io.theia.core.internal.server.HealthCheck;
import io.theia.core.internal.server.ServerBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's forwarding sink against a collector with TLS, tokens and a low ingest rate: it connects over
 * {@code wss://} with the test CA, a client certificate (mutual TLS) and its token, and every event arrives exactly
 * once although the collector refuses messages over the token's rate (they are sent again after the back-off).
 */
class ForwardingSinkSecurityTest {

    @TempDir
    Path dir;

    @RegisterExtension
    final SinkFixture fixture = new SinkFixture();

    @Test
    void everyEventArrivesOverMutualTlsWithATokenDespiteRateLimitRefusals() throws Exception {
        TestCertificates ca = TestCertificates.ca(dir, "Test CA");
        TestCertificates.Pair server = ca.server("collector");
        TestCertificates.Pair agent = ca.issue("agent", TestCertificates.Algorithm.EC,
                java.time.Instant.now().minusSeconds(60), Duration.ofDays(1), false);
        String token = TokenFile.newToken();
        Path tokens = dir.resolve("tokens");
        Files.write(tokens, List.of(TokenFile.line("agent", Set.of(Role.INGEST), token)));
        Path tokenFile = dir.resolve("agent.token");
        Files.writeString(tokenFile, token + "\n");
        InMemoryEventStore store = new InMemoryEventStore();
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        LiveHub hub = new LiveHub();
        IngestPipeline pipeline = fixture.closing(new IngestPipeline(store, hub, 2));
        CollectorServer collector = fixture.closing(CollectorServer.start(
                new ServerConfig("127.0.0.1", 0, null, null, null, true, null),
                new SecurityConfig(new TlsConfig(server.certificate(), server.key(), ca.caFile(), null), tokens, 200L,
                        null),
                new ServerBackend(pipeline, Optional.of(store), hub, () -> HealthCheck.Health.up(Map.of()), metrics)));
        ForwardConfig config = new ForwardConfig("127.0.0.1", collector.port(), "true", null,
                new ForwardBatchConfig(50, null, Duration.ofMillis(5)),
                new ForwardRetryConfig(Duration.ofMillis(50), Duration.ofMillis(200)), null, null, null,
                Duration.ofSeconds(5), Duration.ofSeconds(2),
                new ForwardTlsConfig(null, ca.caFile(), agent.certificate(), agent.key(), null), null, tokenFile);
        ForwardingSink sink = fixture.closing(ForwardingSink.start(config, fixture.registry));
        assertThat(sink.collector().getScheme()).isEqualTo("wss");

        List<Event> events = new ArrayList<>();
        List<CompletableFuture<Void>> deliveries = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            List<Event> some = SinkFixture.events("rate" + i, 60);
            events.addAll(some);
            deliveries.add(sink.deliver(some).toCompletableFuture());
        }
        SinkFixture.allDone(deliveries);

        List<Event> stored;
        try (var found = store.search(EventQuery.all())) {
            stored = found.toList();
        }
        assertThat(stored.stream().map(Event::id).collect(Collectors.toList()))
                .containsExactlyInAnyOrderElementsOf(SinkFixture.ids(events));
        assertThat(metrics.scrape()).containsPattern("theia_ingest_rate_limited_total [1-9]");
    }
}
