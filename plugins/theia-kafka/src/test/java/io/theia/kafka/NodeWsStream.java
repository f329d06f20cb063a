package io.theia.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.theia.api.codec.EventReader;
import io.theia.api.event.Event;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@code /find} or {@code /live} stream read by a client nobody here wrote: the npm {@code ws} package, through
 * {@code src/test/resources/node/ws-stream.js} in a child process, which prints every frame as it arrives. The first
 * use installs {@code ws@8} into {@code target/node-ws}; without node and npm the tests using it fail, never skip.
 */
final class NodeWsStream implements AutoCloseable {

    private static final Path NODE_DIR = Path.of("target", "node-ws").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private final List<String> output = new ArrayList<>();

    private NodeWsStream(Process process) {
        this.process = process;
        Thread reader = new Thread(this::read, "node-ws-stream");
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens {@code url} (a collector's {@code ws://host:port/find} or {@code /live}) and sends the criteria. */
    static NodeWsStream open(String url, String criteria) throws Exception {
        install();
        ProcessBuilder builder = new ProcessBuilder("node", NODE_DIR.resolve("ws-stream.js").toString(), url,
                criteria).directory(NODE_DIR.toFile()).redirectErrorStream(true);
        try {
            return new NodeWsStream(builder.start());
        } catch (IOException e) {
            throw new AssertionError("cannot run node (node 20 and npm are required for this test): "
                    + e.getMessage(), e);
        }
    }

    private static synchronized void install() throws Exception {
        Files.createDirectories(NODE_DIR);
        try (InputStream script = NodeWsStream.class.getResourceAsStream("/node/ws-stream.js")) {
            Files.copy(script, NODE_DIR.resolve("ws-stream.js"), StandardCopyOption.REPLACE_EXISTING);
        }
        if (Files.exists(NODE_DIR.resolve("node_modules/ws/package.json"))) {
            return;
        }
        Process npm = new ProcessBuilder("npm", "install", "--prefix", NODE_DIR.toString(), "--no-audit", "--no-fund",
                "--no-save", "ws@8").redirectErrorStream(true).start();
        npm.getOutputStream().close();
        String log = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(npm.waitFor(300, TimeUnit.SECONDS)).as("npm install ws@8 finished").isTrue();
        assertThat(npm.exitValue()).as("npm install ws@8 failed:\n" + log).isZero();
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                synchronized (output) {
                    output.add(line);
                }
                if (line.startsWith("{")) {
                    frames.add(JSON.readTree(line));
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    /** The next frame (or the final close line), waiting up to {@code timeout}; fails when none comes. */
    JsonNode next(Duration timeout) throws InterruptedException {
        JsonNode frame = frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (frame == null) {
            synchronized (output) {
                throw new AssertionError("node sent nothing within " + timeout + "; its output: " + output);
            }
        }
        return frame;
    }

    /** The next frame, which must be a text frame; its text. */
    String nextText(Duration timeout) throws InterruptedException {
        JsonNode frame = next(timeout);
        assertThat(frame.path("binary").isBoolean() && !frame.get("binary").asBoolean()).as("a text frame: " + frame)
                .isTrue();
        return frame.get("text").asText();
    }

    /** The next frames up to {@code count} events, which must all be binary; their events. */
    List<Event> nextEvents(int count, Duration timeout) throws Exception {
        List<Event> events = new ArrayList<>();
        while (events.size() < count) {
            JsonNode frame = next(timeout);
            assertThat(frame.path("binary").asBoolean()).as("a binary frame: " + frame).isTrue();
            events.addAll(decode(frame));
        }
        return events;
    }

    /** Whether a frame is waiting now. */
    boolean hasMore() {
        return !frames.isEmpty();
    }

    static List<Event> decode(JsonNode frame) throws IOException {
        byte[] bytes = frame.get("text").asText().getBytes(StandardCharsets.UTF_8);
        List<Event> events = new ArrayList<>();
        try (EventReader reader = EventReader.of(bytes, 0, bytes.length)) {
            for (Event event = reader.read(); event != null; event = reader.read()) {
                events.add(event);
            }
        }
        return events;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
