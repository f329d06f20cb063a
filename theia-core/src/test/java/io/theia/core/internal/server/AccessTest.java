package io.theia.core.internal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.theia.api.testkit.InMemoryEventStore;
import io.theia.api.testkit.TestEvents;
import io.theia.core.internal.client.ReplyCode;
import io.theia.core.internal.client.AccessRefusedException;
import io.theia.core.internal.client.ClientSecurity;
import io.theia.core.internal.client.CollectorClient;
import io.theia.core.internal.client.EventPusher;
import io.theia.core.internal.client.PushException;
import io.theia.core.internal.client.PushOptions;
import io.theia.core.internal.config.SecurityConfig;
import io.theia.core.internal.security.Role;
import io.theia.core.internal.security.TokenFile;
import io.theia.core.internal.security.TokenFileException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bearer tokens with roles on every endpoint, refusals and their bodies, counts and the per-token ingest rate. */
class AccessTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final String ingest = TokenFile.newToken();
    private final String query = TokenFile.newToken();
    private final String admin = TokenFile.newToken();
    private final String other = TokenFile.newToken();
    private Path tokenFile;

    @BeforeEach
    void writeTokens() throws IOException {
        tokenFile = dir.resolve("tokens");
        Files.write(tokenFile, List.of("# the collector's tokens",
                TokenFile.line("agent-1", Set.of(Role.INGEST), ingest),
                TokenFile.line("reader", Set.of(Role.QUERY), query),
                "",
                TokenFile.line("ops", Set.of(Role.ADMIN), admin),
                TokenFile.line("agent-2", Set.of(Role.INGEST), other)));
    }

    @ParameterizedTest(name = "{0} with {1} token: {2}")
    @CsvSource({
        "/event,   none,    401, unauthorized",
        "/event,   unknown, 401, unauthorized",
        "/event,   query,   403, forbidden",
        "/event,   ingest,  101, ",
        "/find,    none,    401, unauthorized",
        "/find,    unknown, 401, unauthorized",
        "/find,    ingest,  403, forbidden",
        "/find,    query,   101, ",
        "/live,    none,    401, unauthorized",
        "/live,    unknown, 401, unauthorized",
        "/live,    admin,   403, forbidden",
        "/live,    query,   101, ",
        "/metrics, none,    401, unauthorized",
        "/metrics, unknown, 401, unauthorized",
        "/metrics, query,   403, forbidden",
        "/metrics, admin,   200, ",
        "/health,  none,    200, ",
        "'/histogram?origin=0&width=1&buckets=1', none,    401, unauthorized",
        "'/histogram?origin=0&width=1&buckets=1', ingest,  403, forbidden",
        "'/histogram?origin=0&width=1&buckets=1', query,   200, ",
        "/,        none,    200, ",
    })
    void eachEndpointAnswersEachKindOfToken(String path, String token, int status, String code) throws Exception {
        try (TestServer server = server(1_000_000)) {
            boolean upgrade = path.equals("/event") || path.equals("/find") || path.equals("/live");
            HttpAnswer answer = request(server.server.port(), path, upgrade, tokenOf(token), false);

            assertThat(answer.status()).as(answer.head()).isEqualTo(status);
            if (code != null) {
                JsonNode body = JSON.readTree(answer.body());
                assertThat(body.get("code").asText()).isEqualTo(code);
                assertThat(body.get("error").asText()).isNotBlank();
                assertThat(answer.head()).containsIgnoringCase("content-type: application/json");
                assertThat(answer.body()).doesNotContain(ingest, query, admin);
                if (status == 401) {
                    assertThat(answer.head()).containsIgnoringCase("WWW-Authenticate: Bearer");
                }
                assertThat(metric(server, "theia_access_refused_total{reason=\"" + code + "\"}")).isEqualTo(1.0);
            }
            if (path.equals("/health")) {
                assertThat(JSON.readTree(answer.body()).get("auth").asText()).isEqualTo("token");
            }
        }
    }

    @Test
    void anOpenCollectorSaysSoInHealthAndServesEveryoneAndItsMetrics() throws Exception {
        try (TestServer server = new TestServer(new InMemoryEventStore())) {
            HttpAnswer health = request(server.server.port(), "/health", false, null, false);
            JsonNode body = JSON.readTree(health.body());

            assertThat(body.get("auth").asText()).isEqualTo("none");
            assertThat(body.get("tls").asBoolean()).isFalse();
            assertThat(request(server.server.port(), "/metrics", false, null, false).status()).isEqualTo(200);
            assertThat(request(server.server.port(), "/find", true, null, false).status()).isEqualTo(101);
        }
    }

    @Test
    void theDefaultAddressIsTheLoopbackOne() {
        assertThat(io.theia.core.internal.config.ServerConfig.defaults().host()).isEqualTo("127.0.0.1");
        assertThat(io.theia.core.internal.config.Configuration.defaults().core().server().host()).isEqualTo("127.0.0.1");
        assertThat(CollectorServer.isLoopback("127.0.0.1")).isTrue();
        assertThat(CollectorServer.isLoopback("::1")).isTrue();
        assertThat(CollectorServer.isLoopback("localhost")).isTrue();
        assertThat(CollectorServer.isLoopback("0.0.0.0")).isFalse();
        assertThat(CollectorServer.isLoopback("::")).isFalse();
    }

    @Test
    void theTokenMayComeAsAQueryParameter() throws Exception {
        try (TestServer server = server(1_000_000)) {
            assertThat(request(server.server.port(), "/find?token=" + query, true, null, false).status())
                    .isEqualTo(101);
            assertThat(request(server.server.port(), "/find?token=" + ingest, true, null, false).status())
                    .isEqualTo(403);
        }
    }

    @Test
    void nothingIsStoredWhenTheUpgradeIsRefusedEvenIfTheClientSendsFramesAnyway() throws Exception {
        try (TestServer server = server(1_000_000)) {
            byte[] event = "id:sneaky\ntimestamp: 1509989630.5\nsource:/x\ntags:\n0 5\nhello".getBytes(
                    StandardCharsets.UTF_8);
            for (String token : new String[] {null, TokenFile.newToken(), query}) {
                HttpAnswer answer = request(server.server.port(), "/event", true, token, true, event);
                assertThat(answer.status()).isIn(401, 403);
            }

            assertThat(EventEndpointTest.ids(server)).isEmpty();
        }
    }

    @Test
    void ourClientReportsARefusalAsATypedException() throws Exception {
        try (TestServer server = server(1_000_000);
                CollectorClient wrongRole = client(server, query);
                CollectorClient unknown = client(server, TokenFile.newToken())) {
            assertThatThrownBy(() -> wrongRole.pusher(PushOptions.defaults(true)))
                    .isInstanceOfSatisfying(AccessRefusedException.class, e -> assertThat(e.status()).isEqualTo(403));
            assertThatThrownBy(() -> unknown.pusher(PushOptions.defaults(true)))
                    .isInstanceOfSatisfying(AccessRefusedException.class, e -> assertThat(e.unauthorized()).isTrue());
            assertThatThrownBy(() -> server.client().findAll(io.theia.api.store.EventQuery.all()))
                    .isInstanceOfSatisfying(AccessRefusedException.class, e -> assertThat(e.status()).isEqualTo(401));
        }
    }

    @Test
    void aTokenFileWithABadLineIsRefusedAtStartNamingTheLine() throws Exception {
        Files.write(tokenFile, List.of("# tokens", TokenFile.line("a", Set.of(Role.INGEST), ingest),
                "b ingest,reboot sha256:" + "ab".repeat(32)));

        assertThatThrownBy(() -> server(1_000_000))
                .isInstanceOfSatisfying(TokenFileException.class, e -> assertThat(e.line()).isEqualTo(3))
                .hasMessageContaining("line 3").hasMessageContaining(tokenFile.toString());
    }

    @Test
    void aTokenOverItsIngestRateIsRefusedWhileAnotherTokenIsServed() throws Exception {
        try (TestServer server = server(5);
                CollectorClient first = client(server, ingest);
                CollectorClient second = client(server, other);
                EventPusher fast = first.pusher(PushOptions.defaults(true));
                EventPusher calm = second.pusher(PushOptions.defaults(true))) {
            fast.push(events("a", 5)).get();

            assertThatThrownBy(() -> fast.push(events("b", 5)).get())
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOfSatisfying(PushException.class, e -> {
                        assertThat(e.code()).isEqualTo(ReplyCode.RATE_LIMITED);
                        assertThat(e.reason()).isEqualTo(PushException.Reason.REFUSED);
                    });
            calm.push(events("c", 5)).get();

            assertThat(EventEndpointTest.ids(server)).containsExactlyInAnyOrder("a0", "a1", "a2", "a3", "a4",
                    "c0", "c1", "c2", "c3", "c4");
            assertThat(metric(server, "theia_ingest_rate_limited_total")).isEqualTo(1.0);
        }
    }

    private static List<io.theia.api.event.Event> events(String prefix, int count) {
        return java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> TestEvents.event(prefix + i, 1 + i, "rate " + i)).toList();
    }

    private TestServer server(long eventsPerSecond) {
        return new TestServer(new InMemoryEventStore(), TestServer.config(null, null, null, null),
                new SecurityConfig(null, tokenFile, eventsPerSecond, null), ClientSecurity.NONE);
    }

    private static CollectorClient client(TestServer server, String token) {
        return new CollectorClient(server.server.uri(), Duration.ofSeconds(10), ClientSecurity.token(token));
    }

    private String tokenOf(String kind) {
        return switch (kind) {
            case "none" -> null;
            case "unknown" -> TokenFile.newToken();
            case "ingest" -> ingest;
            case "query" -> query;
            case "admin" -> admin;
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private double metric(TestServer server, String line) {
        return server.metrics.scrape().lines().filter(l -> l.startsWith(line + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(line.length() + 1).strip())).orElse(-1.0);
    }

    /** The status line and headers, and the body (by Content-Length), of one HTTP request. */
    record HttpAnswer(int status, String head, String body) {
    }

    static HttpAnswer request(int port, String path, boolean upgrade, String token, boolean keepSending,
            byte[]... afterwards) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(10_000);
            String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + (upgrade ? "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" : "")
                    + (token == null ? "" : "Authorization: Bearer " + token + "\r\n") + "\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            if (keepSending) {
                for (byte[] payload : afterwards) {
                    ByteArrayOutputStream frame = new ByteArrayOutputStream();
                    frame.write(0x82);
                    frame.write(0x80 | 126);
                    frame.write(payload.length >> 8);
                    frame.write(payload.length & 0xff);
                    frame.write(new byte[4]);
                    frame.write(payload);
                    try {
                        socket.getOutputStream().write(frame.toByteArray());
                    } catch (IOException closed) {
                        // the server may close first
                    }
                }
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.write(b);
                matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                        ? matched + 1 : 0;
            }
            String headText = head.toString(StandardCharsets.ISO_8859_1);
            int status = Integer.parseInt(headText.substring(9, 12));
            int length = headText.lines().filter(l -> l.toLowerCase().startsWith("content-length:")).findFirst()
                    .map(l -> Integer.parseInt(l.substring(15).strip())).orElse(0);
            byte[] body = in.readNBytes(length);
            return new HttpAnswer(status, headText, new String(body, StandardCharsets.UTF_8));
        }
    }
}
