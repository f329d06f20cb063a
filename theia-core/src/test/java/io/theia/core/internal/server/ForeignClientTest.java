package io.theia.core.internal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.theia.api.codec.EventReader;
import io.theia.api.event.Event;
import io.theia.api.testkit.InMemoryEventStore;
import io.theia.api.testkit.TestEvents;
import io.theia.core.internal.config.ServerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The protocol against a WebSocket client nobody here wrote: the npm {@code ws} package, driven through a small
 * node script ({@code src/test/resources/foreign/ws-client.js}) in a child process. The set-up installs
 * {@code ws@8} into {@code target/node-ws} once; without node and npm this test fails, it never skips.
 */
class ForeignClientTest {

    private static final Path NODE_DIR = Path.of("target", "node-ws").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void installWs() throws Exception {
        Files.createDirectories(NODE_DIR);
        try (InputStream script = ForeignClientTest.class.getResourceAsStream("/foreign/ws-client.js")) {
            Files.copy(script, NODE_DIR.resolve("ws-client.js"), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.exists(NODE_DIR.resolve("node_modules/ws/package.json"))) {
            Result install = run(List.of("npm", "install", "--prefix", NODE_DIR.toString(), "--no-audit",
                    "--no-fund", "--no-save", "ws@8"), 300);
            assertThat(install.exit()).as("npm install ws@8 failed:\n" + install.output()).isZero();
        }
    }

    @Test
    void nodeWsClientPushesTextAndBinaryFramesAndFindsEventsAsBinaryFrames() throws Exception {
        try (TestServer server = new TestServer(new InMemoryEventStore())) {
            String base = server.server.uri().toString();

            JsonNode pushed = node("push", base);

            assertThat(pushed.get("extensions").asText()).as("deflate declined by default").isEmpty();
            assertThat(pushed.get("errors")).hasSize(1);
            assertThat(pushed.get("errors").get(0).get("binary").asBoolean()).isFalse();
            assertThat(pushed.get("errors").get(0).get("text").asText()).startsWith("{\"error\": \"malformed event");
            await().untilAsserted(() -> assertThat(EventEndpointTest.ids(server))
                    .containsExactly("node-text", "node-bin-1", "node-bin-2"));
            Event door = server.store.get("node-text");
            assertThat(door.timestamp()).isEqualTo(Instant.ofEpochSecond(1_509_989_630L, 674_905_100));
            assertThat(door.content()).isEqualTo("Door has been unlocked ✓");
            assertThat(door.tags()).containsExactly("sensors", "home");
            assertThat(server.store.get("node-bin-1").content()).isEqualTo("first\nmultiline");
            assertThat(server.store.get("node-bin-2").content()).isEqualTo("zweite 𝄞");

            JsonNode found = node("find", base, "{\"source\": \"^/node\", \"order\": \"desc\"}");

            assertThat(found.get("code").asInt()).isEqualTo(1000);
            assertThat(found.get("extensions").asText()).isEmpty();
            JsonNode frames = found.get("frames");
            assertThat(frames).hasSize(3);
            assertThat(frames.get(0).get("binary").asBoolean()).isFalse();
            assertThat(frames.get(0).get("text").asText()).isEqualTo("ok");
            List<Event> events = new ArrayList<>();
            for (int i = 1; i < frames.size(); i++) {
                assertThat(frames.get(i).get("binary").asBoolean()).as("frame " + i + " is binary").isTrue();
                byte[] bytes = frames.get(i).get("text").asText().getBytes(StandardCharsets.UTF_8);
                try (EventReader reader = EventReader.of(bytes, 0, bytes.length)) {
                    events.add(reader.read());
                }
            }
            assertThat(events).containsExactly(server.store.get("node-bin-2"), server.store.get("node-bin-1"));
        }
    }

    @Test
    void defaultServerDeclinesTheDeflateOfferOnLiveAndStillStreams() throws Exception {
        try (TestServer server = new TestServer(new InMemoryEventStore())) {
            JsonNode live = node("live", server.server.uri().toString(), "{\"tags\": [\"live\"]}", "node-live");

            assertThat(live.get("extensions").asText()).isEmpty();
            assertLiveEvent(live, "node-live");
        }
    }

    @Test
    void serverConfiguredToCompressAcceptsTheOfferOnThoseEndpointsOnlyAndEverythingStillArrives() throws Exception {
        ServerConfig config = new ServerConfig("127.0.0.1", 0, null, null, null, true, null, List.of("event", "live"), null,
                null, null, null, null, null);
        try (TestServer server = new TestServer(new InMemoryEventStore(), config)) {
            String base = server.server.uri().toString();

            JsonNode pushed = node("push", base);
            JsonNode live = node("live", base, "{\"tags\": [\"live\"]}", "node-live");
            JsonNode found = node("find", base, "{\"source\": \"^/node\"}");

            assertThat(pushed.get("extensions").asText()).startsWith("permessage-deflate");
            assertThat(pushed.get("errors")).hasSize(1);
            assertThat(pushed.get("errors").get(0).get("text").asText()).startsWith("{\"error\": \"malformed event");
            await().untilAsserted(() -> assertThat(EventEndpointTest.ids(server))
                    .contains("node-text", "node-bin-1", "node-bin-2", "node-live"));
            assertThat(server.store.get("node-bin-2").content()).isEqualTo("zweite 𝄞");
            assertThat(live.get("extensions").asText()).startsWith("permessage-deflate");
            assertLiveEvent(live, "node-live");
            assertThat(found.get("extensions").asText()).as("/find not configured to compress").isEmpty();
            assertThat(found.get("frames")).hasSize(4);
        }
    }

    @Test
    void compressedFindStreamsEveryEventInOrder() throws Exception {
        ServerConfig config = new ServerConfig("127.0.0.1", 0, null, null, null, true, null, List.of("find"), null, null,
                null, null, null, null);
        try (TestServer server = new TestServer(new InMemoryEventStore(), config)) {
            List<Event> stored = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                stored.add(TestEvents.event(String.format("z%05d", i), i, "line " + i));
            }
            server.store.saveAll(stored);

            JsonNode found = node("find", server.server.uri().toString(), "{}");

            assertThat(found.get("extensions").asText()).startsWith("permessage-deflate");
            assertThat(found.get("code").asInt()).isEqualTo(1000);
            JsonNode frames = found.get("frames");
            assertThat(frames).hasSize(stored.size() + 1);
            for (int i = 0; i < stored.size(); i++) {
                byte[] bytes = frames.get(i + 1).get("text").asText().getBytes(StandardCharsets.UTF_8);
                try (EventReader reader = EventReader.of(bytes, 0, bytes.length)) {
                    assertThat(reader.read()).isEqualTo(stored.get(i));
                }
            }
        }
    }

    private static void assertLiveEvent(JsonNode live, String id) throws IOException {
        JsonNode frames = live.get("frames");
        assertThat(frames).hasSize(2);
        assertThat(frames.get(0).get("text").asText()).isEqualTo("ok");
        assertThat(frames.get(1).get("binary").asBoolean()).isTrue();
        byte[] bytes = frames.get(1).get("text").asText().getBytes(StandardCharsets.UTF_8);
        try (EventReader reader = EventReader.of(bytes, 0, bytes.length)) {
            Event event = reader.read();
            assertThat(event.id()).isEqualTo(id);
            assertThat(event.content()).isEqualTo("live ✓");
        }
    }

    private static JsonNode node(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("node", NODE_DIR.resolve("ws-client.js").toString()));
        command.addAll(List.of(arguments));
        Result result = run(command, 60);
        assertThat(result.exit()).as("node " + String.join(" ", arguments) + ":\n" + result.output()).isZero();
        String[] lines = result.output().strip().split("\n");
        return JSON.readTree(lines[lines.length - 1]);
    }

    private static Result run(List<String> command, int timeoutSeconds) throws Exception {
        Process process;
        try {
            process = new ProcessBuilder(command).directory(NODE_DIR.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command.get(0) + " (node 20 and npm are required for this "
                    + "test): " + e.getMessage(), e);
        }
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish within " + timeoutSeconds + " s");
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    private record Result(int exit, String output) {
    }
}
