package io.theia.core.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.theia.api.testkit.InMemoryEventStore;
import io.theia.core.internal.client.ClientSecurity;
import io.theia.core.internal.config.SecurityConfig;
import io.theia.core.internal.config.TlsConfig;
import io.theia.core.internal.security.Role;
import io.theia.core.internal.security.TestCertificates;
import io.theia.core.internal.security.TokenFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS and tokens against a client nobody here wrote: the npm {@code ws} package over {@code wss://}
 * ({@code src/test/resources/foreign/ws-tls-client.js}), installed as {@link ForeignClientTest} installs it.
 */
class ForeignTlsClientTest {

    private static final Path NODE_DIR = Path.of("target", "node-ws").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @BeforeAll
    static void installWs() throws Exception {
        ForeignClientTest.installWs();
        try (InputStream script = ForeignTlsClientTest.class.getResourceAsStream("/foreign/ws-tls-client.js")) {
            Files.copy(script, NODE_DIR.resolve("ws-tls-client.js"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void nodeWsPushesOverTlsWithTheTestCaAndItsTokenAndIsRefusedOtherwise() throws Exception {
        TestCertificates ca = TestCertificates.ca(dir, "Test CA");
        TestCertificates.Pair pair = ca.server("server");
        String token = TokenFile.newToken();
        Path tokens = dir.resolve("tokens");
        Files.write(tokens, List.of(TokenFile.line("node", Set.of(Role.INGEST), token)));
        try (TestServer server = new TestServer(new InMemoryEventStore(), TestServer.config(null, null, null, null),
                new SecurityConfig(new TlsConfig(pair.certificate(), pair.key(), null, null), tokens, null, null),
                ClientSecurity.NONE)) {
            String base = server.server.uri().toString();
            assertThat(base).startsWith("wss://");

            JsonNode pushed = node(Map.of("THEIA_TEST_CA", ca.caFile().toString(), "THEIA_TEST_TOKEN", token),
                    base, "node-tls");
            JsonNode untrusted = node(Map.of("THEIA_TEST_TOKEN", token), base, "node-untrusted");
            JsonNode withoutToken = node(Map.of("THEIA_TEST_CA", ca.caFile().toString()), base, "node-no-token");

            assertThat(pushed.get("reply").asText()).isEqualTo("{\"ack\": 1, \"code\": \"stored\"}");
            assertThat(untrusted.has("error")).as(untrusted.toString()).isTrue();
            assertThat(withoutToken.get("status").asInt()).isEqualTo(401);
            assertThat(JSON.readTree(withoutToken.get("body").asText()).get("code").asText())
                    .isEqualTo("unauthorized");
            assertThat(EventEndpointTest.ids(server)).containsExactly("node-tls");
            assertThat(server.store.get("node-tls").content()).isEqualTo("over TLS from node");
        }
    }

    private static JsonNode node(Map<String, String> environment, String base, String id) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("node", NODE_DIR.resolve("ws-tls-client.js").toString(), "push",
                base, id).directory(NODE_DIR.toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.remove("THEIA_TEST_CA");
        env.remove("THEIA_TEST_TOKEN");
        env.remove("NODE_EXTRA_CA_CERTS");
        env.putAll(new HashMap<>(environment));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new AssertionError("cannot run node (node 20 and npm are required for this test): " + e, e);
        }
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(Duration.ofSeconds(60).toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("node did not finish:\n" + output);
        }
        assertThat(process.exitValue()).as(output).isZero();
        String[] lines = output.strip().split("\n");
        return JSON.readTree(lines[lines.length - 1]);
    }
}
