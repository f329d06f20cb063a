package io.theia.core.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.theia.api.testkit.InMemoryEventStore;
import io.theia.core.internal.config.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The console's files at {@code /} and {@code /console/}: ETags, 304, 404, and {@code server.console: false}. */
class ConsoleHandlerTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private TestServer server;

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void servesThePageAndItsFilesWithETagsAndRevalidates() throws Exception {
        server = new TestServer(new InMemoryEventStore());

        HttpResponse<String> page = get("/", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("test console");
        assertThat(page.headers().firstValue("content-type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("text/html"));
        assertThat(page.headers().firstValue("content-security-policy")).isPresent();
        String etag = page.headers().firstValue("etag").orElseThrow();
        assertThat(etag).startsWith("\"").endsWith("\"");

        assertThat(get("/", etag).statusCode()).isEqualTo(304);
        assertThat(get("/", "\"other\"").statusCode()).isEqualTo(200);

        HttpResponse<String> script = get("/console/app.js", null);
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("content-type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("text/javascript"));
        assertThat(script.headers().firstValue("etag")).isPresent().isNotEqualTo(page.headers().firstValue("etag"));
    }

    @Test
    void unknownAndUnsafeNamesAre404() throws Exception {
        server = new TestServer(new InMemoryEventStore());

        assertThat(get("/console/missing.js", null).statusCode()).isEqualTo(404);
        assertThat(get("/console/..%2Fconsole%2Findex.html", null).statusCode()).isIn(400, 404);
        assertThat(get("/console/ConsoleAssets.class", null).statusCode()).isEqualTo(404);
        assertThat(get("/elsewhere", null).statusCode()).isEqualTo(404);
    }

    @Test
    void consoleOffAnswers404ForThePageAndTheHistogram() throws Exception {
        server = new TestServer(new InMemoryEventStore(), new ServerConfig("127.0.0.1", 0, null, null, null, true,
                null, null, null, null, null, null, null, null, false));

        assertThat(get("/", null).statusCode()).isEqualTo(404);
        assertThat(get("/histogram?origin=1&width=1&buckets=1", null).statusCode()).isEqualTo(404);
        assertThat(get("/health", null).statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> get(String path, String ifNoneMatch) throws Exception {
        URI base = server.server.uri();
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("http://" + base.getHost() + ":" + base.getPort() + path)).GET();
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
