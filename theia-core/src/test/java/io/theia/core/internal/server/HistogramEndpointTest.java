package io.theia.core.internal.server;

import static io.theia.api.testkit.TestEvents.BASE_SECOND;
import static io.theia.api.testkit.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.theia.api.store.EventQuery;
import io.theia.api.testkit.DelegatingEventStore;
import io.theia.api.testkit.InMemoryEventStore;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /histogram} over a real server: counts per bucket, typed refusals. */
class HistogramEndpointTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private TestServer server;

    @BeforeEach
    void start() {
        server = new TestServer(new InMemoryEventStore());
        server.store.saveAll(List.of(
                event("a", 0, "disk full", "prod"),
                event("b", 59, 999_999_999, "disk full", "prod"),
                event("c", 60, "disk full", "prod"),
                event("d", 61, "disk ok", "prod"),
                event("e", 62, "disk full", "dev"),
                event("f", 150, "disk full", "prod"),
                event("g", 180, "disk full", "prod")));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void countsMatchingEventsPerBucket() throws Exception {
        HttpResponse<String> response = get("criteria=" + encode("{\"tags\": [\"prod\"], \"content\": \"full\"}")
                + "&origin=" + BASE_SECOND + "&width=60&buckets=3");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("counts").toString()).isEqualTo("[2,1,1]");
        assertThat(body.get("total").asLong()).isEqualTo(4);
        assertThat(body.get("origin").decimalValue().longValueExact()).isEqualTo(BASE_SECOND);
        assertThat(body.get("width").decimalValue().intValueExact()).isEqualTo(60);
    }

    @Test
    void fractionalOriginAndWidthAreExact() throws Exception {
        HttpResponse<String> response = get("origin=" + BASE_SECOND + ".5&width=59.5&buckets=2");

        assertThat(JSON.readTree(response.body()).get("counts").toString()).isEqualTo("[1,3]");
    }

    @Test
    void aBadPatternIsRefusedWith400NamingTheKey() throws Exception {
        HttpResponse<String> response = get("criteria=" + encode("{\"content\": \"(unclosed\"}")
                + "&origin=" + BASE_SECOND + "&width=60&buckets=3");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("code").asText()).isEqualTo("bad-request");
        assertThat(body.get("error").asText()).contains("content");
    }

    @Test
    void missingOrOutOfRangeParametersAreRefused() throws Exception {
        assertThat(JSON.readTree(get("width=60&buckets=3").body()).get("error").asText()).contains("origin");
        HttpResponse<String> tooMany = get("origin=1&width=60&buckets=" + (HistogramEndpoint.MAX_BUCKETS + 1));
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(tooMany.body()).get("error").asText()).contains("buckets");
        assertThat(get("origin=1&width=0&buckets=3").statusCode()).isEqualTo(400);
        assertThat(get("origin=1&width=-5&buckets=3").statusCode()).isEqualTo(400);
    }

    @Test
    void liveOnlyCollectorAnswers404NoStore() throws Exception {
        server.close();
        server = new TestServer(null);

        HttpResponse<String> response = get("origin=1&width=60&buckets=3");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(response.body()).get("code").asText()).isEqualTo("no-store");
        server = new TestServer(new InMemoryEventStore());
    }

    @Test
    void atMostMaxRunningCountsRunAtOnceAndFurtherOnesAreBusy() throws Exception {
        server.close();
        CountDownLatch entered = new CountDownLatch(HistogramEndpoint.MAX_RUNNING);
        CountDownLatch gate = new CountDownLatch(1);
        server = new TestServer(new DelegatingEventStore(new InMemoryEventStore()) {
            @Override
            public long[] countPerBucket(EventQuery query, Instant origin, Duration width, int buckets) {
                entered.countDown();
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.countPerBucket(query, origin, width, buckets);
            }
        });
        List<CompletableFuture<HttpResponse<String>>> waiting = new ArrayList<>();
        for (int i = 0; i < HistogramEndpoint.MAX_RUNNING; i++) {
            waiting.add(http.sendAsync(request("origin=1&width=60&buckets=3"), HttpResponse.BodyHandlers.ofString()));
        }
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

        HttpResponse<String> refused = get("origin=1&width=60&buckets=3");

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(refused.body()).get("code").asText()).isEqualTo("busy");
        gate.countDown();
        for (CompletableFuture<HttpResponse<String>> response : waiting) {
            assertThat(response.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        assertThat(get("origin=1&width=60&buckets=3").statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> get(String query) throws Exception {
        return http.send(request(query), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String query) {
        URI base = server.server.uri();
        URI uri = URI.create("http://" + base.getHost() + ":" + base.getPort() + HistogramEndpoint.PATH + "?" + query);
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
